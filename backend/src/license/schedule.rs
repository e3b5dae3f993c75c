//! When to check: at boot, then weekly; hourly while checks fail; early (hourly)
//! once less than two days of validity remain. "Check now" wakes it at once.

use super::client::LicenseService;
use super::status::LicenseSnapshot;
use std::time::Duration;

const HOUR: i64 = 3600;
const WEEK: i64 = 7 * 24 * HOUR;
const REFRESH_BEFORE: i64 = 2 * 24 * HOUR;

/// Seconds until the next check.
pub fn next_delay(ok: bool, snap: &LicenseSnapshot, now: i64) -> i64 {
    if !ok {
        return HOUR;
    }
    match snap.valid_until {
        Some(until) => (until - REFRESH_BEFORE - now).clamp(HOUR, WEEK),
        None => WEEK,
    }
}

/// Runs forever in the background.
pub fn spawn(svc: LicenseService) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            let ok = svc.check().await.is_ok();
            let delay = next_delay(ok, &svc.handle().get(), crate::db::now());
            tracing::debug!(delay, "next license check");
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(delay as u64)) => {}
                _ = svc.woken() => {}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::license::LicenseStatus;

    #[test]
    fn delays() {
        let mut s = LicenseSnapshot::free(LicenseStatus::Valid);
        assert_eq!(next_delay(false, &s, 0), HOUR);
        assert_eq!(next_delay(true, &s, 0), WEEK);
        s.valid_until = Some(7 * 24 * HOUR);
        assert_eq!(next_delay(true, &s, 0), 5 * 24 * HOUR);
        assert_eq!(next_delay(true, &s, 6 * 24 * HOUR), HOUR);
    }
}
