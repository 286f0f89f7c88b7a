//! prd-lint: a linter and validator for spec-driven Product Requirements Documents.
//!
//! Layering (nothing imports upward): `cli` → `check` → `discover`, `document`, `rules`,
//! `suppress`, `render` → `config`, `template`, `finding`.

pub mod check;
pub mod cli;
pub mod config;
pub mod discover;
pub mod document;
pub mod finding;
pub mod fix;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod suppress;
pub mod template;
