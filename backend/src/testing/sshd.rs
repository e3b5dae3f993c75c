//! A real OpenSSH server for tests: `/usr/sbin/sshd` on a free loopback port with its
//! own config, host key, log and authorized_keys in a temp dir, and a local test user.
//! Needs root and the `openssh-server` package (`scripts/test` installs it).

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Once;
use std::time::{Duration, Instant};

pub const USER: &str = "archnest-test";
pub const PASSWORD: &str = "archnest-test-Pw-2941";

pub struct Sshd {
    pub port: u16,
    pub dir: tempfile::TempDir,
    child: Option<Child>,
}

static USER_ONCE: Once = Once::new();

fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
}

fn ensure_user() {
    USER_ONCE.call_once(|| {
        let exists = Command::new("id").arg(USER).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
        if !exists {
            run(Command::new("useradd").args(["-m", "-s", "/bin/bash", USER]));
        }
        let mut child = Command::new("chpasswd").stdin(Stdio::piped()).spawn().expect("chpasswd");
        if let Some(mut stdin) = child.stdin.take() {
            let _ = writeln!(stdin, "{USER}:{PASSWORD}");
        }
        assert!(child.wait().is_ok_and(|s| s.success()), "chpasswd failed");
    });
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

impl Sshd {
    /// Starts sshd. Panics with instructions when it cannot run here.
    pub fn start() -> Sshd {
        assert!(
            Path::new("/usr/sbin/sshd").exists(),
            "/usr/sbin/sshd is missing: run ./scripts/test (it installs openssh-server) or apt-get install openssh-server"
        );
        ensure_user();
        let _ = std::fs::create_dir_all("/run/sshd");
        let dir = tempfile::Builder::new().prefix("archnest-sshd").tempdir().expect("tempdir");
        set_mode(dir.path(), 0o755);
        let hk = dir.path().join("host_ed25519");
        run(Command::new("ssh-keygen").args(["-q", "-t", "ed25519", "-N", "", "-f"]).arg(&hk));
        std::fs::write(dir.path().join("authorized_keys"), "").expect("authorized_keys");
        set_mode(&dir.path().join("authorized_keys"), 0o644);
        let port = free_port();
        let conf = format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nPidFile {pid}\nAuthorizedKeysFile {ak}\n\
             PasswordAuthentication yes\nPubkeyAuthentication yes\nKbdInteractiveAuthentication no\nUsePAM yes\n\
             StrictModes no\nAllowTcpForwarding yes\nGatewayPorts no\nAllowStreamLocalForwarding yes\nPermitTTY yes\n\
             LogLevel VERBOSE\nMaxStartups 100:30:200\nMaxSessions 100\nPrintMotd no\n\
             Subsystem sftp /usr/lib/openssh/sftp-server\n",
            hk = hk.display(),
            pid = dir.path().join("sshd.pid").display(),
            ak = dir.path().join("authorized_keys").display(),
        );
        std::fs::write(dir.path().join("sshd_config"), conf).expect("sshd_config");
        let mut s = Sshd { port, dir, child: None };
        s.spawn();
        s
    }

    fn spawn(&mut self) {
        use std::os::unix::process::CommandExt;
        let child = Command::new("/usr/sbin/sshd")
            .process_group(0)
            .arg("-D")
            .arg("-f")
            .arg(self.dir.path().join("sshd_config"))
            .arg("-E")
            .arg(self.log_path())
            .stdin(Stdio::null())
            .spawn()
            .expect("spawn sshd");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "sshd did not start: {}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stop(&mut self) {
        // sshd and the per-connection processes it forked share its process group:
        // stopping the group drops established sessions too, like a host going down.
        // Each connection's sshd calls setsid(), leaving the group: its session is
        // found through its parent and stopped as well.
        if let Some(mut c) = self.child.take() {
            let sessions = children_of(c.id());
            let _ = Command::new("kill").args(["-9", "--", &format!("-{}", c.id())]).status();
            for pid in sessions {
                let _ = Command::new("kill").args(["-9", "--", &format!("-{pid}")]).status();
                let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            }
            let _ = c.wait();
        }
    }

    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    pub fn log_path(&self) -> PathBuf {
        self.dir.path().join("sshd.log")
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    /// Public host key line (`ssh-ed25519 AAAA...`).
    pub fn host_key(&self) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("host_ed25519.pub")).expect("host key");
        text.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
    }

    /// Generates a client key (`ssh-keygen -t <kind>`, `-m PEM` when `pem`), authorizes
    /// it and returns the private key text.
    pub fn client_key(&self, name: &str, kind: &str, pem: bool, passphrase: &str) -> String {
        let path = self.dir.path().join(name);
        let mut cmd = Command::new("ssh-keygen");
        cmd.args(["-q", "-t", kind, "-N", passphrase, "-C", name, "-f"]).arg(&path);
        if pem {
            cmd.args(["-m", "PEM"]);
        }
        if kind == "rsa" {
            cmd.args(["-b", "2048"]);
        }
        run(&mut cmd);
        let public = std::fs::read_to_string(path.with_extension("pub")).expect("pub");
        let mut ak = std::fs::OpenOptions::new().append(true).open(self.dir.path().join("authorized_keys")).expect("ak");
        let _ = ak.write_all(public.as_bytes());
        std::fs::read_to_string(&path).expect("private key")
    }
}

/// Processes whose parent is `pid` (from `/proc/<n>/stat`: `pid (comm) state ppid …`).
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(dir) = std::fs::read_dir("/proc") else { return Vec::new() };
    dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|n| {
            let stat = std::fs::read_to_string(format!("/proc/{n}/stat")).unwrap_or_default();
            let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
            after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok()) == Some(pid)
        })
        .collect()
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Sshd {
    /// A host record for this server's test user, signing in with the password.
    pub fn host_input(&self, name: &str) -> crate::ssh::hosts::HostInput {
        crate::ssh::hosts::HostInput {
            name: name.into(),
            address: "127.0.0.1".into(),
            port: self.port,
            username: USER.into(),
            password: crate::ssh::hosts::SecretField::Set(PASSWORD.into()),
            ..Default::default()
        }
    }

    /// Stores a host for this server (no host cap applies) and, when `trusted`,
    /// trusts this server's host key as an admin would after checking it.
    pub async fn add_host(&self, db: &sea_orm::DatabaseConnection, vault: &crate::vault::Vault, name: &str, trusted: bool) -> i64 {
        use crate::ssh::{hostkeys, hosts};
        let h = hosts::create(db, vault, archnest_modules::ModuleSet::all(), &self.host_input(name)).await.expect("create host");
        if trusted {
            let key = hostkeys::parse_openssh(&self.host_key()).expect("host key");
            hostkeys::store(db, h.id, &key, "test").await.expect("trust host key");
        }
        h.id
    }
}
