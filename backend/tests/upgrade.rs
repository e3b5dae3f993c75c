//! Upgrades never lose secrets: a database written by an older migration set, with
//! vault-encrypted secrets in it, still decrypts after every later migration runs.

use archnest_backend::auth::{totp, users, Role};
use archnest_backend::testing::{self, Backend};
use archnest_backend::vault::Vault;
use archnest_migrations::{Migrator, MigratorTrait};

#[tokio::test]
async fn secrets_written_before_an_upgrade_decrypt_after_it() {
    for backend in Backend::available() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = testing::config(backend, dir.path()).await;
        let vault = Vault::open_or_create(&config.secret_key_file).expect("vault");
        let db = archnest_backend::db::connect(&config).await.expect("connect");

        // The schema as the first release that stored a secret shipped it.
        Migrator::up(&db, Some(2)).await.expect("old migrations");
        let user = users::create(&db, "admin", "correct horse battery", Role::Admin).await.expect("user");
        let enrollment = totp::begin(&db, &vault, &user).await.expect("enroll");

        // Upgrade: every later migration, then re-open the vault from its key file.
        drop(db);
        let db = archnest_backend::db::connect(&config).await.expect("reconnect");
        archnest_backend::db::migrate(&db).await.expect("upgrade");
        let vault = Vault::open_or_create(&config.secret_key_file).expect("vault again");
        let user = users::find_by_name(&db, "admin").await.expect("db").expect("user survives");
        let code = totp::current_code(&enrollment.secret_base32).expect("code");
        assert!(totp::check_code(&vault, &user, &code).expect("decrypts"), "{backend:?}");
        assert!(archnest_backend::auth::password::verify("correct horse battery", &user.password_hash));
    }
}
