//! (placeholder: owned by the co-pilot work)
