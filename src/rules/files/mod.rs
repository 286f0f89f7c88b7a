//! Rules of the `files` family, one per file.

pub mod pack_incomplete;
pub mod slug;
