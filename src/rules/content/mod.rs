//! Rules of the `content` family, one per file.

pub mod dod_checklist;
pub mod html;
pub mod image_missing;
pub mod link_missing;
pub mod perf_targets;
pub mod permissions_matrix;
pub mod placeholder;
pub mod wcag;
