//! prd-lint: a linter and validator for spec-driven Product Requirements Documents.
//!
//! Layering (nothing imports upward): `cli` → `check` / `fix` / `scaffold` → `discover`,
//! `document`, `rules`, `suppress`, `render` → `config`, `template`, `finding`.
//!
//! Checking a text with the built-in `torus` preset:
//!
//! ```
//! use prd_lint::check::{check_text, Plan, Selection};
//! use prd_lint::config::Config;
//!
//! let cfg = Config::defaults(".".into());
//! let plan = Plan::new(Selection::default());
//! let outcome = check_text(&cfg, &plan, "docs/features/x/prd.md", None, "# X - PRD\n".into());
//! let first = &outcome.report.findings[0];
//! assert_eq!(first.code, "PRD001");
//! assert_eq!(
//!     first.message,
//!     "expected the title to end with ` — PRD` (em dash), found ` - PRD`"
//! );
//! assert_eq!((first.location.start.line, first.location.start.column), (1, 1));
//! ```

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
