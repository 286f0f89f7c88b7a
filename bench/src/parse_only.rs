// The body of the `parse-only` and `parse-only-sysalloc` binaries (included by both; they differ
// only in their global allocator).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use rayon::prelude::*;

const INCLUDE: &str = "docs/features/*/prd.md";

fn usage() -> ExitCode {
    eprintln!("usage: parse-only [--threads N] DIR|FILE");
    ExitCode::from(2)
}

fn options() -> comrak::Options<'static> {
    // Exactly the options the linter uses; nothing else.
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.tasklist = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.front_matter_delimiter = Some("---".to_owned());
    o
}

fn include_set() -> GlobSet {
    let mut b = GlobSetBuilder::new();
    b.add(
        GlobBuilder::new(INCLUDE)
            .literal_separator(true)
            .build()
            .expect("valid glob"),
    );
    b.build().expect("valid globset")
}

/// Parse one document and walk every node iteratively. Returns (nodes, sum of sourcepos lines) so
/// that nothing can be optimised away.
fn parse_and_walk(text: &str, opts: &comrak::Options) -> (u64, u64) {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, text, opts);
    let mut nodes = 0u64;
    let mut lines = 0u64;
    for node in root.descendants() {
        let data = node.data();
        nodes += 1;
        lines += (data.sourcepos.start.line + data.sourcepos.end.line) as u64;
    }
    (nodes, lines)
}

fn main() -> ExitCode {
    let mut threads: Option<usize> = None;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--threads" | "-j" => match args.next().and_then(|v| v.parse().ok()) {
                Some(n) if n > 0 => threads = Some(n),
                _ => return usage(),
            },
            "-h" | "--help" => {
                println!("usage: parse-only [--threads N] DIR|FILE");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with("--threads=") => match s["--threads=".len()..].parse() {
                Ok(n) if n > 0 => threads = Some(n),
                _ => return usage(),
            },
            s if s.starts_with('-') => return usage(),
            _ if dir.is_none() => dir = Some(PathBuf::from(a)),
            _ => return usage(),
        }
    }
    let Some(dir) = dir else { return usage() };
    if !dir.exists() {
        eprintln!("parse-only: {}: no such file or directory", dir.display());
        return ExitCode::from(2);
    }
    // Like the linter, a file given explicitly is always parsed (the pre-commit case).
    let explicit_file = dir.is_file();

    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        pool = pool.num_threads(n);
    }
    let pool = pool.build().expect("thread pool");

    let set = include_set();
    let opts = options();
    let files = AtomicU64::new(0);
    let bytes = AtomicU64::new(0);
    let errors = AtomicU64::new(0);

    let (nodes, lines) = pool.install(|| {
        // The walk (gitignore-aware, like the linter) feeds the rayon pool as it goes.
        let walker = ignore::WalkBuilder::new(&dir)
            .follow_links(false)
            .require_git(false)
            .build();
        walker
            .par_bridge()
            .filter_map(|entry| {
                let entry = entry.ok()?;
                if !entry.file_type().is_some_and(|t| t.is_file()) {
                    return None;
                }
                let rel: &Path = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
                if !explicit_file && !set.is_match(rel) {
                    return None;
                }
                match std::fs::read_to_string(entry.path()) {
                    Ok(text) => {
                        files.fetch_add(1, Ordering::Relaxed);
                        bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
                        Some(parse_and_walk(&text, &opts))
                    }
                    Err(e) => {
                        errors.fetch_add(1, Ordering::Relaxed);
                        eprintln!("parse-only: {}: {e}", entry.path().display());
                        None
                    }
                }
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });

    println!(
        "files: {}  nodes: {}  bytes: {}  line-sum: {}  threads: {}",
        files.load(Ordering::Relaxed),
        nodes,
        bytes.load(Ordering::Relaxed),
        lines,
        pool.current_num_threads()
    );
    if errors.load(Ordering::Relaxed) > 0 {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
