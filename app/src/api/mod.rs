//! Server functions, grouped by feature. Each one checks who may call it on its
//! first lines, then delegates to `archnest-backend`.

#[cfg(feature = "ssr")]
pub mod ssr;
pub mod system;
