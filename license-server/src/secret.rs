//! Re-export of the shared redacting wrapper.

pub use archnest_modules::Secret;
