use clap::Parser;

/// mimalloc: many small, short-lived allocations per rendered page; it is markedly faster
/// than the system allocator for them, and scales across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    dateline::no_huge_pages();
    let cli = dateline::cli::Cli::parse();
    match dateline::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::exit(1);
        }
    }
}
