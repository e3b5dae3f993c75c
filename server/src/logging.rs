//! Log setup: `ARCHNEST_LOG` (or `RUST_LOG`) filters, default `info`.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = std::env::var("ARCHNEST_LOG")
        .ok()
        .or_else(|| std::env::var("RUST_LOG").ok())
        .unwrap_or_else(|| "info,sqlx=warn,sea_orm=warn".into());
    let _ = tracing_subscriber::fmt().with_env_filter(EnvFilter::new(filter)).with_target(false).try_init();
}
