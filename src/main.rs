use clap::Parser;

/// mimalloc: many small, short-lived allocations per rendered page; it is markedly faster
/// than the system allocator for them, and scales across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // No transparent huge pages: mimalloc asks for them, and then each first touch of a
    // 2 MiB region zeroes all of it. A build touches its memory once, so that was about
    // a tenth of the CPU time of a 10,000-article raw-text build (measured with perf on
    // the 2-core machine); with 4 KiB pages the kernel zeroes only what is used.
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE only sets a flag of this process.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    let cli = dateline::cli::Cli::parse();
    match dateline::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::exit(1);
        }
    }
}
