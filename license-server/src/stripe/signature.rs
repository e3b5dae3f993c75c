//! Stripe webhook signatures, exactly as Stripe documents them
//! (<https://docs.stripe.com/webhooks#verify-manually>): the `Stripe-Signature` header
//! is `t=<unix>,v1=<hex>[,v1=<hex>…]`, each `v1` is HMAC-SHA256(secret, "<t>.<raw body>"),
//! any one `v1` may match (Stripe sends several while a secret is being rolled), and a
//! timestamp outside the tolerance is refused so a captured request cannot be replayed.
//!
//! Pure functions: the caller passes the clock in. The test double signs with [`sign`].

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Stripe's default tolerance.
pub const DEFAULT_TOLERANCE_SECS: i64 = 5 * 60;

type HmacSha256 = Hmac<Sha256>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("missing Stripe-Signature header")]
    Missing,
    #[error("malformed Stripe-Signature header")]
    Malformed,
    #[error("no v1 signature in Stripe-Signature header")]
    NoV1,
    #[error("webhook timestamp outside the tolerance")]
    Stale,
    #[error("no v1 signature matches")]
    Mismatch,
}

/// The parsed header: the timestamp and every `v1` signature (other schemes ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub timestamp: i64,
    pub v1: Vec<Vec<u8>>,
}

pub fn parse_header(header: &str) -> Result<SignatureHeader, SignatureError> {
    let mut timestamp = None;
    let mut v1 = Vec::new();
    for part in header.split(',') {
        let (key, value) = part.trim().split_once('=').ok_or(SignatureError::Malformed)?;
        match key {
            "t" => timestamp = Some(value.parse::<i64>().map_err(|_| SignatureError::Malformed)?),
            // An undecodable v1 cannot match; skip it like Stripe's libraries do.
            "v1" => v1.extend(hex::decode(value).ok()),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    if v1.is_empty() {
        return Err(SignatureError::NoV1);
    }
    Ok(SignatureHeader { timestamp, v1 })
}

fn mac(secret: &str, timestamp: i64, payload: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    mac
}

/// Verifies a `Stripe-Signature` header over the raw request body.
pub fn verify(
    header: Option<&str>,
    payload: &[u8],
    secret: &str,
    now: i64,
    tolerance_secs: i64,
) -> Result<i64, SignatureError> {
    let parsed = parse_header(header.ok_or(SignatureError::Missing)?)?;
    // `verify_slice` compares in constant time.
    let matched = parsed.v1.iter().any(|sig| mac(secret, parsed.timestamp, payload).verify_slice(sig).is_ok());
    if !matched {
        return Err(SignatureError::Mismatch);
    }
    if (now - parsed.timestamp).abs() > tolerance_secs {
        return Err(SignatureError::Stale);
    }
    Ok(parsed.timestamp)
}

/// Produces a header the way Stripe does (used by the test double and tests).
pub fn sign(secret: &str, timestamp: i64, payload: &[u8]) -> String {
    let sig = mac(secret, timestamp, payload).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(sig))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;
    const SECRET: &str = "whsec_test";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"checkout.session.completed"}"#;

    fn check(header: &str, body: &[u8], secret: &str, now: i64) -> Result<i64, SignatureError> {
        verify(Some(header), body, secret, now, DEFAULT_TOLERANCE_SECS)
    }

    #[test]
    fn valid_signature_verifies() {
        let h = sign(SECRET, NOW, BODY);
        assert_eq!(check(&h, BODY, SECRET, NOW + 10), Ok(NOW));
    }

    #[test]
    fn tampered_body_is_refused() {
        let h = sign(SECRET, NOW, BODY);
        let tampered = br#"{"id":"evt_2","type":"checkout.session.completed"}"#;
        assert_eq!(check(&h, tampered, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn old_and_future_timestamps_are_refused() {
        let h = sign(SECRET, NOW, BODY);
        assert_eq!(check(&h, BODY, SECRET, NOW + 301), Err(SignatureError::Stale));
        assert_eq!(check(&h, BODY, SECRET, NOW - 301), Err(SignatureError::Stale));
        assert_eq!(check(&h, BODY, SECRET, NOW + 300), Ok(NOW));
    }

    #[test]
    fn changing_the_timestamp_breaks_the_signature() {
        let h = sign(SECRET, NOW, BODY).replace(&format!("t={NOW}"), &format!("t={}", NOW + 1));
        assert_eq!(check(&h, BODY, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn wrong_secret_is_refused() {
        let h = sign("whsec_other", NOW, BODY);
        assert_eq!(check(&h, BODY, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn any_of_several_v1_may_match_and_other_schemes_are_ignored() {
        let good = sign(SECRET, NOW, BODY);
        let good_sig = good.split_once(",v1=").map(|(_, s)| s).unwrap();
        let bad_sig = hex::encode([0u8; 32]);
        let h = format!("t={NOW},v1={bad_sig},v0=abc,v1={good_sig}");
        assert_eq!(check(&h, BODY, SECRET, NOW), Ok(NOW));
        let only_bad = format!("t={NOW},v1={bad_sig},v1=nothex");
        assert_eq!(check(&only_bad, BODY, SECRET, NOW), Err(SignatureError::Mismatch));
    }

    #[test]
    fn malformed_headers() {
        assert_eq!(verify(None, BODY, SECRET, NOW, 300), Err(SignatureError::Missing));
        assert_eq!(check("garbage", BODY, SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(check("v1=00", BODY, SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(check("t=abc,v1=00", BODY, SECRET, NOW), Err(SignatureError::Malformed));
        assert_eq!(check(&format!("t={NOW},v0=00"), BODY, SECRET, NOW), Err(SignatureError::NoV1));
    }
}
