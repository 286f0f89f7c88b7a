//! `parse-only [--threads N] DIR|FILE`
//!
//! The lower bound for prd-lint: find the PRDs the way the linter does (the `ignore` crate, gitignore
//! aware, `docs/features/*/prd.md` matched with globset relative to DIR), read each file, parse it with
//! comrak using the linter's options, and walk every node. No rules, no output per file. Prints the
//! number of files, nodes and bytes. A FILE argument is parsed whatever its name (the pre-commit case).

// The same allocator as the linter (see ../../../src/main.rs), so the baseline is like for like.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

include!("../parse_only.rs");
