//! Help sections about SSH: adding hosts and verifying host keys.

use super::Section;
use leptos::prelude::*;

#[component]
pub fn SshHosts() -> impl IntoView {
    view! {
        <Section id="ssh-hosts">
            <p>
                "Admins add hosts in "<a href="/settings/hosts">"Settings → Hosts & Integrations"</a>
                ": a name, the address and port (22 by default), the user name, and how to sign in."
            </p>
            <ul>
                <li><strong>"Password"</strong>" — stored encrypted on the server and never sent back to the browser; the form shows “stored” and lets you replace it."</li>
                <li>
                    <strong>"Private key"</strong>" — paste or upload it. Supported key types are "
                    <code>"ed25519"</code>", "<code>"ecdsa"</code>" (nistp256/384/521) and "<code>"rsa"</code>
                    ", in the OpenSSH format ("<code>"-----BEGIN OPENSSH PRIVATE KEY-----"</code>") or PEM ("
                    <code>"-----BEGIN RSA PRIVATE KEY-----"</code>", "<code>"BEGIN EC PRIVATE KEY"</code>", PKCS#8). "
                    "An encrypted key needs its passphrase; both are stored encrypted."
                </li>
            </ul>
            <p>
                "To create a key for ArchNest: "<code>"ssh-keygen -t ed25519 -C archnest -f archnest_ed25519"</code>
                ", then append "<code>"archnest_ed25519.pub"</code>" to "<code>"~/.ssh/authorized_keys"</code>" on the host."
            </p>
            <p>
                <strong>"Import from ~/.ssh/config"</strong>": paste your config and ArchNest lists its "<code>"Host"</code>
                " entries with "<code>"HostName"</code>", "<code>"Port"</code>", "<code>"User"</code>" and "<code>"IdentityFile"</code>
                ". Pick the ones to add; keys named by "<code>"IdentityFile"</code>" are not read from your disk — upload them for each host. "
                "The free core holds 3 SSH hosts."
            </p>
        </Section>
    }
}

#[component]
pub fn HostKeys() -> impl IntoView {
    view! {
        <Section id="host-keys">
            <p>
                "Every SSH connection checks the server's host key — terminals, file transfers, tunnels and metrics alike. "
                "The first connection to a host shows its key's "<strong>"SHA-256 fingerprint"</strong>
                " (for example "<code>"SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"</code>
                ") and asks you to trust it (trust on first use). ArchNest stores the key and compares it on every later connection."
            </p>
            <p>"To be sure the fingerprint is your server's, compare it on the server itself:"</p>
            <pre class="help-code"><code>"ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\n# 256 SHA256:uNiVztks… root@server (ED25519)"</code></pre>
            <p>"Use "<code>"ssh_host_ecdsa_key.pub"</code>" or "<code>"ssh_host_rsa_key.pub"</code>" if the host offered that key type instead."</p>
            <p>
                <strong>"A changed-key warning"</strong>" means the server presented a different key than the one stored. "
                "That happens after a reinstall, a key rotation or a new machine at the same address — and also when someone "
                "intercepts the connection. ArchNest blocks the connection until an admin looks: check the new fingerprint on the "
                "server as above, then re-trust it in the host's settings. Never re-trust a key you have not verified."
            </p>
        </Section>
    }
}
