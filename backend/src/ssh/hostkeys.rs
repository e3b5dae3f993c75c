//! The one host-key check. Every SSH path (terminal, SFTP, tunnels, metrics, Docker
//! over SSH) connects through `connect`, which asks `verdict` here: trust on first use
//! needs a person to accept the fingerprint, and a changed key blocks until an admin
//! re-trusts it.

use crate::db::now;
use crate::entities::ssh_host::{self, Entity as Hosts};
use crate::entities::ssh_host_key::{self, Entity as Keys};
use russh::keys::{HashAlg, PublicKey};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Trusted,
    /// No key of this algorithm is trusted for the host yet.
    Unknown,
    /// A different key of the same algorithm is trusted: possible interception.
    Changed { expected_fingerprint: String },
}

pub fn fingerprint(key: &PublicKey) -> String {
    key.fingerprint(HashAlg::Sha256).to_string()
}

/// `<algorithm> <base64>` without a comment.
pub fn openssh_line(key: &PublicKey) -> String {
    let mut k = key.clone();
    k.set_comment("");
    k.to_openssh().unwrap_or_default().trim().to_owned()
}

pub fn parse_openssh(line: &str) -> Option<PublicKey> {
    PublicKey::from_openssh(line.trim()).ok()
}

pub async fn trusted(db: &impl ConnectionTrait, host_id: i64) -> Result<Vec<ssh_host_key::Model>, sea_orm::DbErr> {
    Keys::find().filter(ssh_host_key::Column::HostId.eq(host_id)).order_by_asc(ssh_host_key::Column::Algorithm).all(db).await
}

pub fn judge(trusted: &[ssh_host_key::Model], presented: &PublicKey) -> Verdict {
    let alg = presented.algorithm().as_str().to_owned();
    match trusted.iter().find(|k| k.algorithm == alg) {
        None => Verdict::Unknown,
        Some(k) if parse_openssh(&k.public_key).is_some_and(|t| t.key_data() == presented.key_data()) => Verdict::Trusted,
        Some(k) => Verdict::Changed { expected_fingerprint: k.fingerprint.clone() },
    }
}

/// Remembers an untrusted key the server presented, so a person can accept exactly it.
pub async fn record_pending(db: &DatabaseConnection, host_id: i64, presented: &PublicKey) -> Result<(), sea_orm::DbErr> {
    if let Some(h) = Hosts::find_by_id(host_id).one(db).await? {
        let mut am: ssh_host::ActiveModel = h.into();
        am.pending_host_key = Set(Some(openssh_line(presented)));
        am.pending_seen_at = Set(Some(now()));
        am.update(db).await?;
    }
    Ok(())
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TrustError {
    #[error("no such host")]
    NotFound,
    #[error("the server has not presented a key to accept; connect first")]
    NothingPending,
    #[error("the server's key changed since you looked ({0}); check it again")]
    FingerprintMismatch(String),
    #[error("this replaces a trusted key; only an admin may do that")]
    AdminRequired,
    #[error("database: {0}")]
    Db(String),
}

impl From<sea_orm::DbErr> for TrustError {
    fn from(e: sea_orm::DbErr) -> Self {
        TrustError::Db(e.to_string())
    }
}

/// Trusts the pending key whose fingerprint the user saw. Replacing a trusted key of
/// the same algorithm requires `may_replace` (admins).
pub async fn trust_pending(
    db: &DatabaseConnection,
    host_id: i64,
    seen_fingerprint: &str,
    by: &str,
    may_replace: bool,
) -> Result<ssh_host_key::Model, TrustError> {
    let host = Hosts::find_by_id(host_id).one(db).await?.ok_or(TrustError::NotFound)?;
    let pending = host.pending_host_key.as_deref().and_then(parse_openssh).ok_or(TrustError::NothingPending)?;
    let fp = fingerprint(&pending);
    if fp != seen_fingerprint.trim() {
        return Err(TrustError::FingerprintMismatch(fp));
    }
    let existing = trusted(db, host_id).await?;
    if matches!(judge(&existing, &pending), Verdict::Changed { .. }) && !may_replace {
        return Err(TrustError::AdminRequired);
    }
    let model = store(db, host_id, &pending, by).await?;
    let mut am: ssh_host::ActiveModel = host.into();
    am.pending_host_key = Set(None);
    am.pending_seen_at = Set(None);
    am.update(db).await?;
    Ok(model)
}

/// Stores `key` as the trusted key of its algorithm for the host (replacing any).
pub async fn store(db: &impl ConnectionTrait, host_id: i64, key: &PublicKey, by: &str) -> Result<ssh_host_key::Model, sea_orm::DbErr> {
    let alg = key.algorithm().as_str().to_owned();
    Keys::delete_many()
        .filter(ssh_host_key::Column::HostId.eq(host_id))
        .filter(ssh_host_key::Column::Algorithm.eq(alg.clone()))
        .exec(db)
        .await?;
    ssh_host_key::ActiveModel {
        host_id: Set(host_id),
        algorithm: Set(alg),
        public_key: Set(openssh_line(key)),
        fingerprint: Set(fingerprint(key)),
        trusted_at: Set(now()),
        trusted_by: Set(by.chars().take(100).collect()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn forget(db: &DatabaseConnection, host_id: i64, key_id: i64) -> Result<bool, sea_orm::DbErr> {
    let r = Keys::delete_many()
        .filter(ssh_host_key::Column::HostId.eq(host_id))
        .filter(ssh_host_key::Column::Id.eq(key_id))
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}

pub async fn forget_all(db: &impl ConnectionTrait, host_id: i64) -> Result<(), sea_orm::DbErr> {
    Keys::delete_many().filter(ssh_host_key::Column::HostId.eq(host_id)).exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ED1: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    const ED2: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEVDX3k3sGbmq4Lb5t4zWyrmf9tPLpzlD+A7RnnXyJzG";

    fn row(line: &str) -> ssh_host_key::Model {
        let k = parse_openssh(line).unwrap();
        ssh_host_key::Model {
            id: 1,
            host_id: 1,
            algorithm: k.algorithm().as_str().into(),
            public_key: line.into(),
            fingerprint: fingerprint(&k),
            trusted_at: 0,
            trusted_by: "t".into(),
        }
    }

    #[test]
    fn judges_trusted_unknown_changed() {
        let k1 = parse_openssh(ED1).unwrap();
        let k2 = parse_openssh(ED2).unwrap();
        assert_eq!(judge(&[], &k1), Verdict::Unknown);
        assert_eq!(judge(&[row(ED1)], &k1), Verdict::Trusted);
        assert_eq!(judge(&[row(ED1)], &k2), Verdict::Changed { expected_fingerprint: fingerprint(&k1) });
        assert!(fingerprint(&k1).starts_with("SHA256:"));
        assert_eq!(openssh_line(&k1), ED1);
    }
}
