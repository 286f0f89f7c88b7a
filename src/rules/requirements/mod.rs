//! Rules of the `requirements` family, one per file.

pub mod ac_gwt;
pub mod ac_id_duplicate;
pub mod ac_id_format;
pub mod ac_missing;
pub mod ac_no_fr;
pub mod ac_unknown_fr;
pub mod dangling_ref;
pub mod fr_field_empty;
pub mod fr_id_duplicate;
pub mod fr_id_format;
pub mod fr_id_gap;
pub mod fr_priority;
pub mod fr_table_missing;
pub mod fr_uncovered;
