use clap::Parser;

// mimalloc (v2: v3 starts slower and holds more memory for the one-file pre-commit case): the
// model and comrak's arena allocate many small objects per document; glibc's
// malloc spent ~20% of the run in malloc/free. The bench baseline (bench/parse-only) uses the same
// allocator, so the comparison stays like for like.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = prd_lint::cli::Cli::parse();
    std::process::exit(prd_lint::cli::run(cli));
}
