//! The collection interval, stored in the settings table.

pub const INTERVAL_KEY: &str = "metrics.interval_secs";
pub const DEFAULT_INTERVAL: u64 = 15;
pub const MIN_INTERVAL: u64 = 5;
pub const MAX_INTERVAL: u64 = 3600;

pub async fn interval(db: &impl sea_orm::ConnectionTrait) -> u64 {
    match crate::settings::get(db, INTERVAL_KEY).await {
        Ok(Some(v)) => v.parse::<u64>().map(|s| s.clamp(MIN_INTERVAL, MAX_INTERVAL)).unwrap_or(DEFAULT_INTERVAL),
        Ok(None) => DEFAULT_INTERVAL,
        Err(e) => {
            tracing::error!(error = %e, "reading the metrics interval");
            DEFAULT_INTERVAL
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum IntervalError {
    #[error("the interval must be {MIN_INTERVAL} to {MAX_INTERVAL} seconds")]
    OutOfRange,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

pub async fn set_interval(db: &impl sea_orm::ConnectionTrait, secs: u64) -> Result<(), IntervalError> {
    if !(MIN_INTERVAL..=MAX_INTERVAL).contains(&secs) {
        return Err(IntervalError::OutOfRange);
    }
    crate::settings::set(db, INTERVAL_KEY, &secs.to_string()).await?;
    Ok(())
}
