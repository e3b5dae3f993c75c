//! In-memory token buckets keyed by client IP and by install id. One process, no
//! shared store: good enough for a single license-server instance, and it forgets
//! idle keys so memory stays bounded.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Requests allowed in a burst.
    pub burst: u32,
    /// Tokens added per second.
    pub per_sec: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RateConfig {
    pub per_ip: Rate,
    pub per_install: Rate,
}

impl Default for RateConfig {
    fn default() -> Self {
        RateConfig {
            per_ip: Rate { burst: 60, per_sec: 1.0 },
            per_install: Rate { burst: 20, per_sec: 0.2 },
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets for one kind of key.
#[derive(Debug)]
pub struct Limiter {
    rate: Rate,
    buckets: Mutex<HashMap<String, Bucket>>,
}

/// Above this many keys, idle (full) buckets are dropped.
const SWEEP_AT: usize = 10_000;

impl Limiter {
    pub fn new(rate: Rate) -> Self {
        Limiter { rate, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one token for `key`; `false` means the caller is over its rate.
    pub fn allow(&self, key: &str) -> bool {
        self.allow_at(key, Instant::now())
    }

    pub fn allow_at(&self, key: &str, now: Instant) -> bool {
        let burst = f64::from(self.rate.burst);
        // A poisoned lock only means another request panicked mid-update; the map
        // is still a valid cache of buckets.
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= SWEEP_AT {
            let full = Duration::from_secs_f64(burst / self.rate.per_sec.max(f64::MIN_POSITIVE));
            map.retain(|_, b| now.saturating_duration_since(b.at) < full);
        }
        let bucket = map.entry(key.to_owned()).or_insert(Bucket { tokens: burst, at: now });
        let elapsed = now.saturating_duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * self.rate.per_sec).min(burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// The two limiters the server applies.
#[derive(Debug)]
pub struct RateLimits {
    pub per_ip: Limiter,
    pub per_install: Limiter,
}

impl RateLimits {
    pub fn new(config: RateConfig) -> Self {
        RateLimits { per_ip: Limiter::new(config.per_ip), per_install: Limiter::new(config.per_install) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_and_refills() {
        let l = Limiter::new(Rate { burst: 2, per_sec: 1.0 });
        let t0 = Instant::now();
        assert!(l.allow_at("a", t0));
        assert!(l.allow_at("a", t0));
        assert!(!l.allow_at("a", t0));
        assert!(l.allow_at("b", t0), "keys are independent");
        assert!(l.allow_at("a", t0 + Duration::from_millis(1100)));
        assert!(!l.allow_at("a", t0 + Duration::from_millis(1200)));
    }
}
