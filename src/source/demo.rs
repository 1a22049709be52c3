//! (placeholder: see the issue that owns this source)
