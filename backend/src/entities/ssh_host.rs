use sea_orm::entity::prelude::*;

/// An SSH host. `*_enc` columns are vault ciphertexts and never leave the server.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ssh_hosts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub address: String,
    pub port: i32,
    pub username: String,
    pub password_enc: Option<String>,
    pub private_key_enc: Option<String>,
    pub passphrase_enc: Option<String>,
    /// Algorithm and SHA-256 fingerprint of the stored client key (public facts).
    pub key_algorithm: Option<String>,
    pub key_fingerprint: Option<String>,
    /// Tags as a JSON array of strings.
    pub tags: String,
    pub notes: String,
    /// `ProxyJump` kept from an imported ssh config, for the jump-host module.
    pub proxy_jump: Option<String>,
    /// The host key last presented that was not trusted (OpenSSH public key line).
    pub pending_host_key: Option<String>,
    pub pending_seen_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
