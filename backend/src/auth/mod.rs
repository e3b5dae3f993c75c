//! Accounts and sessions: password hashing, login with throttling and TOTP, JWT
//! session cookies backed by a revocable server-side session table.

pub mod login;
pub mod password;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod totp;
pub mod users;
pub mod web;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Member,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }
    pub fn parse(s: &str) -> Role {
        if s == "admin" {
            Role::Admin
        } else {
            Role::Member
        }
    }
}

/// The signed-in user of a request, obtained only from a valid session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: i32,
    pub username: String,
    pub role: Role,
    pub session_id: String,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("username or password is wrong")]
    BadCredentials,
    #[error("the two-factor code is wrong")]
    BadTotp,
    #[error("too many failed attempts; retry in {0} s")]
    Throttled(u64),
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("an admin already exists")]
    AlreadySetUp,
    #[error("not found")]
    NotFound,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("vault: {0}")]
    Vault(#[from] crate::vault::VaultError),
    #[error("password hashing: {0}")]
    Hash(String),
}
