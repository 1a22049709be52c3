//! Verifying a chain: see chain.rs for the format. (Owned by the audit work.)
