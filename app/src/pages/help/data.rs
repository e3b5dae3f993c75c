//! Help sections about the license, the data directory and backups. Names and
//! defaults come from `archnest_backend::config` and `archnest.env.example`.

use super::Section;
use leptos::prelude::*;

#[component]
pub fn License() -> impl IntoView {
    view! {
        <Section id="license">
            <p>
                "The free core never expires and never needs the network. Paid modules come in a license signed by the license "
                "server (Ed25519); ArchNest verifies it locally against a public key built into the binary."
            </p>
            <ul>
                <li>"ArchNest checks its license at start and then weekly; while a check fails it retries hourly, and it checks early once fewer than two days of validity remain."</li>
                <li>"Each license is valid for 7 days from when it was issued. Offline, ArchNest keeps using the last good license until that date: up to 7 days of grace. Settings → License shows the state (valid, offline grace, expired) and the date."</li>
                <li>"When it runs out, ArchNest falls back to the free core. Nothing is deleted: hosts, bookmarks and settings beyond the free limits stay stored and come back with the next successful check. You only cannot add more than the free core allows meanwhile."</li>
                <li>"A license for another install, one with a bad signature, one issued in the future (more than 5 minutes of clock drift) or a clock set back behind the last time seen is rejected — check the server's clock (NTP) if that happens."</li>
            </ul>
        </Section>
    }
}

#[component]
pub fn DataDir() -> impl IntoView {
    view! {
        <Section id="data">
            <p>
                "Everything lives in the data directory, "<code>"ARCHNEST_DATA_DIR"</code>" ("<code>"./data"</code>
                " by default, "<code>"/data"</code>" in the Docker image):"
            </p>
            <table class="table compact">
                <thead><tr><th>"File"</th><th>"What it is"</th></tr></thead>
                <tbody>
                    <tr><td><code>"archnest.db"</code></td><td>"The SQLite database (with "<code>"-wal"</code>" and "<code>"-shm"</code>" files beside it while running). Not used when "<code>"ARCHNEST_DATABASE_URL"</code>" points at PostgreSQL."</td></tr>
                    <tr><td><code>"secret.key"</code></td><td>"The vault key: it encrypts stored passwords, private keys and tokens. Move it elsewhere (e.g. a Docker secret) with "<code>"ARCHNEST_SECRET_KEY_FILE"</code>". Created on first start when missing."</td></tr>
                    <tr><td><code>"jwt.key"</code></td><td>"Signs session cookies. Losing it only signs everyone out."</td></tr>
                </tbody>
            </table>
            <p>
                "The database is "<code>"sqlite://<data dir>/archnest.db?mode=rwc"</code>" unless "<code>"ARCHNEST_DATABASE_URL"</code>
                " says otherwise (e.g. "<code>"postgres://archnest:password@db:5432/archnest"</code>"). All settings are listed in "
                <code>"archnest.env.example"</code>"."
            </p>
        </Section>
    }
}

#[component]
pub fn Backup() -> impl IntoView {
    view! {
        <Section id="backup">
            <p>
                <strong>"The database and the vault key belong together."</strong>" A database without its "<code>"secret.key"</code>
                " still opens, but every stored secret in it is unreadable. Keep a copy of the key somewhere other than the database backup "
                "(a password manager works); admins can download it from "<a href="/settings/backup">"Settings → Backup"</a>"."
            </p>
            <p>"SQLite — either stop ArchNest and copy the data directory, or copy the database while it runs:"</p>
            <pre class="help-code"><code>"sqlite3 data/archnest.db \".backup 'archnest-backup.db'\"\ncp data/secret.key /somewhere/safe/archnest-secret.key"</code></pre>
            <p>"Do not copy "<code>"archnest.db"</code>" alone with "<code>"cp"</code>" while ArchNest runs: recent changes may still be in the "<code>"-wal"</code>" file."</p>
            <p>"PostgreSQL — dump the database and keep the key file from the data directory with it:"</p>
            <pre class="help-code"><code>"pg_dump -Fc -d postgres://archnest@db/archnest -f archnest.dump\n# restore: pg_restore -d postgres://archnest@db/archnest --clean archnest.dump"</code></pre>
            <p>"To restore, put the database (or restore the dump) and "<code>"secret.key"</code>" back, then start ArchNest; it applies any newer migrations on start."</p>
        </Section>
    }
}
