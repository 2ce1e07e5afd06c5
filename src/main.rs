use clap::Parser;

fn main() {
    let cli = dateline::cli::Cli::parse();
    match dateline::cli::run(cli) {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::exit(1);
        }
    }
}
