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

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`, v3 as built by `libmimalloc-sys`;
/// the Rust bindings do not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells the allocator to keep the memory a one-shot command frees instead of returning
/// it to the system a second later (mimalloc's purge delay). A build frees and allocates
/// again much of its memory between loading, assembling and rendering, and every page
/// returned was faulted in and zeroed again by the kernel: at 100,000 raw-text articles
/// this took 15% of the page faults, about 4% of the CPU time and 3% of the wall time
/// off a build, for 1-3% more peak memory. `serve` and `watch` run for hours and keep
/// the default, so memory freed after a rebuild goes back to the system.
pub fn keep_freed_memory() {
    // SAFETY: sets one allocator option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn purge_delay_is_the_option_set() {
        // The option number is mimalloc's: its purge delay is 1,000 ms unless the
        // environment sets another.
        // SAFETY: reads and sets one allocator option.
        unsafe {
            let get = || libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY);
            let default = std::env::var("MIMALLOC_PURGE_DELAY")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1000);
            assert_eq!(get(), default);
            super::keep_freed_memory();
            assert_eq!(get(), -1);
        }
    }
}
