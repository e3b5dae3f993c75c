//! Help section: exposing the Docker Engine API over TCP with TLS.

use super::Section;
use leptos::prelude::*;

const CERTS: &str = "\
# A private CA
openssl genrsa -out ca-key.pem 4096
openssl req -new -x509 -days 825 -key ca-key.pem -sha256 -subj \"/CN=docker-ca\" -out ca.pem

# The daemon's certificate (put the host's name and IP in subjectAltName)
openssl genrsa -out server-key.pem 4096
openssl req -new -key server-key.pem -subj \"/CN=docker.home.lan\" -out server.csr
echo \"subjectAltName=DNS:docker.home.lan,IP:192.168.1.20\nextendedKeyUsage=serverAuth\" > server.ext
openssl x509 -req -days 825 -sha256 -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server-cert.pem -extfile server.ext

# ArchNest's client certificate
openssl genrsa -out key.pem 4096
openssl req -new -key key.pem -subj \"/CN=archnest\" -out client.csr
echo \"extendedKeyUsage=clientAuth\" > client.ext
openssl x509 -req -days 825 -sha256 -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out cert.pem -extfile client.ext";

const DOCKERD: &str = "\
dockerd -H unix:///var/run/docker.sock -H tcp://0.0.0.0:2376 \\
  --tlsverify --tlscacert=/etc/docker/ca.pem \\
  --tlscert=/etc/docker/server-cert.pem --tlskey=/etc/docker/server-key.pem";

#[component]
pub fn DockerTls() -> impl IntoView {
    view! {
        <Section id="docker-tls">
            <p>
                "The free core talks to one Docker Engine over its TCP API. Port 2376 with mutual TLS is the safe way: the daemon "
                "accepts only clients with a certificate signed by your CA, and ArchNest verifies the daemon's certificate."
            </p>
            <p>"1. Create a CA, a server certificate and a client certificate (on any machine with openssl):"</p>
            <pre class="help-code"><code>{CERTS}</code></pre>
            <p>
                "2. Copy "<code>"ca.pem"</code>", "<code>"server-cert.pem"</code>" and "<code>"server-key.pem"</code>
                " to "<code>"/etc/docker/"</code>" on the Docker host and start the daemon with TLS:"
            </p>
            <pre class="help-code"><code>{DOCKERD}</code></pre>
            <p>
                "With systemd, put the same flags in an override ("<code>"systemctl edit docker"</code>
                ") — or the "<code>"hosts"</code>", "<code>"tlsverify"</code>", "<code>"tlscacert"</code>", "<code>"tlscert"</code>
                " and "<code>"tlskey"</code>" keys in "<code>"/etc/docker/daemon.json"</code>" (not both: dockerd refuses flags that are also in the file)."
            </p>
            <p>
                "3. In ArchNest, add the source as "<code>"tcp://docker.home.lan:2376"</code>" and paste "<code>"ca.pem"</code>
                ", "<code>"cert.pem"</code>" and "<code>"key.pem"</code>". The client key is stored encrypted."
            </p>
            <p>
                <strong>"Why not plain port 2375?"</strong>" Without TLS, anyone who can reach the port controls Docker — "
                "and through it the host as root (a container can mount "<code>"/"</code>"). Use 2375 only on a network you fully "
                "trust, such as a host-only bridge, never on a LAN with other devices or the internet. "
                "The docker-over-ssh module avoids exposing the API at all."
            </p>
        </Section>
    }
}
