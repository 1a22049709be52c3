//! (placeholder: owned by the Level-1 work)
