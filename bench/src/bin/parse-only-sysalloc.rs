//! `parse-only-sysalloc [--threads N] DIR|FILE`: `parse-only` with the system allocator (glibc
//! malloc) instead of mimalloc, for comparison with figures measured before prd-lint used
//! mimalloc. prd-lint's speed target is judged against `parse-only` (same allocator as the linter).

include!("../parse_only.rs");
