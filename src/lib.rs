//! dateline: a static news-archive site generator.
//!
//! The pipeline reads in the types: [`load`] (files → [`model::Record`]s, in parallel) →
//! [`site`] (an immutable `Site` with its people and indexes) → [`render`] (pure:
//! `&Site` → outputs) → [`output`] (the only code that touches the output folder).

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod diag;
pub mod extract;
pub mod import;
pub mod incremental;
pub mod init;
pub mod load;
pub mod model;
pub mod output;
pub mod people_report;
pub mod registry;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod template_deps;
pub mod watch;

/// Turns off transparent huge pages for this process. mimalloc asks for them, and then
/// each first touch of a 2 MiB region zeroes all of it; a build touches its memory once,
/// so that was about a tenth of the CPU time of a 10,000-article raw-text build (measured
/// with perf on the 2-core machine). With 4 KiB pages the kernel zeroes only what is used.
pub fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
