//! The scoreboard, computed from audit logs. (Owned by the proof work.)
