//! Rules of the `rollout` family, one per file.

pub mod exemption_reason;
pub mod flag_missing;
pub mod flag_name;
pub mod kill_switch;
pub mod rollout_criteria;
pub mod rollout_telemetry;
pub mod stage_missing;
pub mod stage_order;
