//! Help: how ArchNest works and where things live.

use crate::nav::NAV;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HelpPage() -> impl IntoView {
    view! {
        <Title text="Help"/>
        <div class="page prose">
            <header class="page-header"><h1>"Help"</h1></header>
            <section class="card">
                <h2>"Keyboard shortcuts"</h2>
                <p>"Press " <kbd>"g"</kbd> " and then a letter to jump to a page."</p>
                <table class="table compact">
                    <thead><tr><th>"Keys"</th><th>"Page"</th></tr></thead>
                    <tbody>
                        {NAV.iter().map(|n| view! {
                            <tr><td><kbd>"g"</kbd>" "<kbd>{n.key.to_string()}</kbd></td><td>{n.label}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="card">
                <h2>"Where your data lives"</h2>
                <p>
                    "Everything ArchNest stores is in its data directory ("<code>"ARCHNEST_DATA_DIR"</code>", "
                    <code>"./data"</code>" by default, "<code>"/data"</code>" in Docker): the SQLite database "
                    <code>"archnest.db"</code>" and the key files. Back up the whole directory while ArchNest is "
                    "stopped, or copy the database with "<code>"sqlite3 archnest.db '.backup backup.db'"</code>" while it runs."
                </p>
                <p>
                    "With "<code>"ARCHNEST_DATABASE_URL=postgres://…"</code>" the data lives in PostgreSQL instead; "
                    "back it up with "<code>"pg_dump"</code>" and keep the key files from the data directory with it."
                </p>
            </section>
            <section class="card">
                <h2>"Licenses and offline use"</h2>
                <p>
                    "The free core never expires. Paid modules are listed in a license signed by the license server; "
                    "ArchNest checks it at start and weekly, and keeps working offline until the license's "
                    "valid-until date (7 days after the last successful check). After that it falls back to the "
                    "free core without deleting anything you created."
                </p>
            </section>
        </div>
    }
}
