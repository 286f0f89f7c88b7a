use clap::Parser;

fn main() {
    let cli = prd_lint::cli::Cli::parse();
    std::process::exit(prd_lint::cli::run(cli));
}
