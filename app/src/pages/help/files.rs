//! Help sections: the SFTP file manager and SSH tunnels.

use super::Section;
use archnest_modules::Module;
use leptos::prelude::*;

#[component]
pub fn Files() -> impl IntoView {
    view! {
        <Section id="files">
            <p>
                "Files browses any SSH host over SFTP with the host's stored credentials. Pick a host, then click folders, "
                "use the breadcrumbs or type a path into the path bar. Drop files or folders onto the list to upload them."
            </p>
            <ul>
                <li>
                    "Uploads are written to a hidden temporary file ("<code>".name.archnest-upload-…"</code>
                    ") and renamed when complete, so a cancelled upload, a dropped connection or a full disk never leaves "
                    "a half-written file under the real name. The temporary file is removed when an upload fails."
                </li>
                <li>
                    "Replacing a file (upload over an existing name, or saving in the editor) keeps its permission bits. "
                    "The old file is moved aside and removed only once the new one is in place. Files owned by another "
                    "user, or in a folder you may not write, are saved in place instead, like a text editor would."
                </li>
                <li>"Folders download as a tar stream; entries that cannot be read are listed in "<code>"ARCHNEST-SKIPPED.txt"</code>" inside it."</li>
                <li>"The editor opens UTF-8 text files up to 2 MB and refuses to save over a file that changed on disk since you opened it."</li>
            </ul>
        </Section>
    }
}

#[component]
pub fn Tunnels() -> impl IntoView {
    view! {
        <Section id="tunnels">
            <p>
                "A tunnel forwards TCP through an SSH host, like "<code>"ssh -L"</code>", "<code>"-R"</code>" and "<code>"-D"</code>":"
            </p>
            <table class="table compact">
                <thead><tr><th>"Kind"</th><th>"What it does"</th></tr></thead>
                <tbody>
                    <tr><td>"Local"</td><td>"Listens on this server and connects, through the host, to a target address the host can reach."</td></tr>
                    <tr><td>"Remote"</td><td>"Asks the host to listen and forwards its connections back to a target this server can reach."</td></tr>
                    <tr><td>"Dynamic"</td><td>"A SOCKS5 proxy on this server; every connection goes out through the host."</td></tr>
                </tbody>
            </table>
            <p>
                "Tunnels run on the server, not in your browser: closing the page does not stop them. Listeners bind to "
                <code>"127.0.0.1"</code>" by default; binding to other addresses exposes the port to your network and has "
                "to be allowed explicitly. If the SSH connection drops, a running tunnel reconnects with growing pauses "
                "(1 s up to a minute); wrong credentials or a changed host key stop it with the reason."
            </p>
            <p>"Starting marked tunnels when ArchNest starts is part of the " {Module::TunnelAutoStart.name()} " module."</p>
        </Section>
    }
}
