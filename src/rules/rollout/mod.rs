//! Rules of the `rollout` family, one per file.

pub mod flag_missing;
pub mod flag_name;
pub mod stage_missing;
pub mod stage_order;
pub mod rollout_criteria;
pub mod rollout_telemetry;
pub mod kill_switch;
pub mod exemption_reason;
