//! prd-lint: a linter and validator for spec-driven Product Requirements Documents.

pub mod document;
pub mod finding;
pub mod render;
pub mod rules;
pub mod template;
