//! Import and export of trusted host keys in OpenSSH `known_hosts` format, including
//! `[host]:port` entries and hashed (`|1|salt|hash`) names.

use super::hostkeys;
use crate::entities::ssh_host;
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use hmac::{Hmac, Mac};
use russh::keys::PublicKey;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};

/// One usable line of a known_hosts file.
pub struct Entry {
    patterns: Vec<String>,
    pub key: PublicKey,
}

/// `host` for port 22, `[host]:port` otherwise — ssh's own spelling.
pub fn host_pattern(address: &str, port: u16) -> String {
    if port == 22 {
        address.to_owned()
    } else {
        format!("[{address}]:{port}")
    }
}

fn hashed_match(pattern: &str, name: &str) -> bool {
    let Some(rest) = pattern.strip_prefix("|1|") else { return false };
    let Some((salt, hash)) = rest.split_once('|') else { return false };
    let (Ok(salt), Ok(hash)) = (B64.decode(salt), B64.decode(hash)) else { return false };
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(&salt) else { return false };
    mac.update(name.as_bytes());
    mac.verify_slice(&hash).is_ok()
}

impl Entry {
    pub fn matches(&self, address: &str, port: u16) -> bool {
        let name = host_pattern(address, port);
        let mut hit = false;
        for p in &self.patterns {
            let (neg, p) = match p.strip_prefix('!') {
                Some(p) => (true, p),
                None => (false, p.as_str()),
            };
            let m = if p.starts_with("|1|") { hashed_match(p, &name) } else { p.eq_ignore_ascii_case(&name) };
            if m && neg {
                return false;
            }
            hit |= m;
        }
        hit
    }
}

/// Parses a known_hosts file; returns the entries and one message per skipped line.
pub fn parse(text: &str) -> (Vec<Entry>, Vec<String>) {
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split_whitespace();
        let mut first = parts.next().unwrap_or_default();
        if first.starts_with('@') {
            // @revoked / @cert-authority entries are not host keys to trust.
            skipped.push(format!("line {}: {} entries are not imported", i + 1, first));
            continue;
        }
        if first.is_empty() {
            first = "";
        }
        let (Some(alg), Some(b64)) = (parts.next(), parts.next()) else {
            skipped.push(format!("line {}: not `hosts algorithm key`", i + 1));
            continue;
        };
        match PublicKey::from_openssh(&format!("{alg} {b64}")) {
            Ok(key) => entries.push(Entry { patterns: first.split(',').map(str::to_owned).collect(), key }),
            Err(_) => skipped.push(format!("line {}: unreadable {alg} key", i + 1)),
        }
    }
    (entries, skipped)
}

/// Every trusted key of every host, one line each, with the host's name as comment.
pub async fn export(db: &DatabaseConnection) -> Result<String, sea_orm::DbErr> {
    let hosts = crate::entities::ssh_host::Entity::find_all(db).await?;
    let mut out = String::from("# ArchNest trusted SSH host keys (OpenSSH known_hosts format)\n");
    for h in hosts {
        for k in hostkeys::trusted(db, h.id).await? {
            out.push_str(&format!("{} {} {}\n", host_pattern(&h.address, h.port as u16), k.public_key, h.name.replace(char::is_whitespace, "_")));
        }
    }
    Ok(out)
}

trait FindAll {
    async fn find_all(db: &DatabaseConnection) -> Result<Vec<ssh_host::Model>, sea_orm::DbErr>;
}

impl FindAll for crate::entities::ssh_host::Entity {
    async fn find_all(db: &DatabaseConnection) -> Result<Vec<ssh_host::Model>, sea_orm::DbErr> {
        use sea_orm::{EntityTrait, QueryOrder};
        Self::find().order_by_asc(ssh_host::Column::Name).all(db).await
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// `host: algorithm fingerprint` for each key newly trusted.
    pub added: Vec<String>,
    pub unchanged: usize,
    /// Keys that differ from a trusted key: never replaced by an import.
    pub conflicts: Vec<String>,
    pub skipped: Vec<String>,
}

/// Trusts keys from `text` for the stored hosts they name. A key that contradicts a
/// trusted one is reported, not applied: replacing trust is a deliberate admin act.
pub async fn import(db: &DatabaseConnection, text: &str, by: &str) -> Result<ImportReport, sea_orm::DbErr> {
    let (entries, skipped) = parse(text);
    let mut report = ImportReport { skipped, ..Default::default() };
    for h in crate::entities::ssh_host::Entity::find_all(db).await? {
        for e in entries.iter().filter(|e| e.matches(&h.address, h.port as u16)) {
            let trusted = hostkeys::trusted(db, h.id).await?;
            let fp = hostkeys::fingerprint(&e.key);
            let alg = e.key.algorithm().as_str().to_owned();
            match hostkeys::judge(&trusted, &e.key) {
                hostkeys::Verdict::Trusted => report.unchanged += 1,
                hostkeys::Verdict::Unknown => {
                    hostkeys::store(db, h.id, &e.key, by).await?;
                    report.added.push(format!("{}: {alg} {fp}", h.name));
                }
                hostkeys::Verdict::Changed { expected_fingerprint } => {
                    report.conflicts.push(format!("{}: {alg} {fp} differs from trusted {expected_fingerprint}", h.name))
                }
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    fn hashed(name: &str) -> String {
        let salt = [7u8; 20];
        let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&salt).unwrap();
        mac.update(name.as_bytes());
        format!("|1|{}|{}", B64.encode(salt), B64.encode(mac.finalize().into_bytes()))
    }

    #[test]
    fn matches_plain_bracketed_hashed_and_negated() {
        let text = format!(
            "# c\nweb,10.0.0.5 {KEY}\n[10.0.0.6]:2222 {KEY} c\n{} {KEY}\n@revoked * {KEY}\n*.lan,!bad.lan {KEY}\ngarbage\n",
            hashed("[db.lan]:2200")
        );
        let (e, skipped) = parse(&text);
        assert_eq!(e.len(), 4);
        assert_eq!(skipped.len(), 2);
        assert!(e[0].matches("10.0.0.5", 22) && e[0].matches("WEB", 22) && !e[0].matches("10.0.0.5", 2222));
        assert!(e[1].matches("10.0.0.6", 2222) && !e[1].matches("10.0.0.6", 22));
        assert!(e[2].matches("db.lan", 2200) && !e[2].matches("db.lan", 22));
        assert!(!e[3].matches("bad.lan", 22));
        assert_eq!(host_pattern("::1", 2222), "[::1]:2222");
    }
}
