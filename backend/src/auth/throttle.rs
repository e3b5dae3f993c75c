//! Login throttling: after 5 failures within 5 minutes, per client IP or per
//! username, further attempts wait with doubling backoff (30 s, 60 s … 15 min).
//! The same rule applies whether or not the username exists, so the answer never
//! reveals which accounts are real.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub const WINDOW_SECS: i64 = 5 * 60;
pub const FREE_FAILURES: usize = 5;
const BASE_DELAY_SECS: i64 = 30;
const MAX_DELAY_SECS: i64 = 15 * 60;

#[derive(Default)]
struct Entry {
    failures: Vec<i64>,
    locked_until: i64,
}

#[derive(Clone, Default)]
pub struct Throttle {
    inner: Arc<Mutex<HashMap<String, Entry>>>,
}

impl Throttle {
    fn keys(ip: &str, username: &str) -> [String; 2] {
        [format!("ip:{ip}"), format!("user:{}", username.to_lowercase())]
    }

    /// Seconds to wait before another attempt is allowed, if any.
    pub fn check(&self, ip: &str, username: &str, now: i64) -> Option<u64> {
        let map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        Self::keys(ip, username)
            .iter()
            .filter_map(|k| map.get(k))
            .map(|e| e.locked_until - now)
            .filter(|wait| *wait > 0)
            .max()
            .map(|w| w as u64)
    }

    pub fn record_failure(&self, ip: &str, username: &str, now: i64) {
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        for key in Self::keys(ip, username) {
            let e = map.entry(key).or_default();
            e.failures.retain(|t| now - t < WINDOW_SECS);
            e.failures.push(now);
            if e.failures.len() >= FREE_FAILURES {
                let extra = (e.failures.len() - FREE_FAILURES) as u32;
                let delay = BASE_DELAY_SECS.saturating_mul(1i64 << extra.min(10)).min(MAX_DELAY_SECS);
                e.locked_until = now + delay;
            }
        }
        // Keep memory bounded under a spray of usernames.
        if map.len() > 10_000 {
            map.retain(|_, e| e.failures.last().is_some_and(|t| now - t < WINDOW_SECS) || e.locked_until > now);
        }
    }

    /// A successful login clears the username's record (not the IP's).
    pub fn record_success(&self, username: &str) {
        let mut map = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&format!("user:{}", username.to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_then_back_off() {
        let t = Throttle::default();
        for i in 0..4 {
            t.record_failure("1.2.3.4", "admin", 100 + i);
            assert_eq!(t.check("1.2.3.4", "admin", 100 + i), None);
        }
        t.record_failure("1.2.3.4", "admin", 104);
        assert_eq!(t.check("1.2.3.4", "admin", 104), Some(30));
        // The same IP trying another name is still throttled; so is the name from another IP.
        assert!(t.check("1.2.3.4", "nobody", 105).is_some());
        assert!(t.check("5.6.7.8", "admin", 105).is_some());
        assert_eq!(t.check("5.6.7.8", "other", 105), None);
        t.record_failure("1.2.3.4", "admin", 140);
        assert_eq!(t.check("1.2.3.4", "admin", 140), Some(60));
        assert_eq!(t.check("1.2.3.4", "admin", 200), None);
    }
}
