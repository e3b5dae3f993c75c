//! The file manager end to end: a running ArchNest server, a real OpenSSH sshd, and the
//! HTTP routes and server functions the page uses. Files are checked on the sshd's
//! disk directly (the tests run as root, the SSH user is `archnest-test`).

mod common;

use archnest_backend::testing::sshd::{self, Sshd};
use archnest_backend::testing::Backend;
use common::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;

struct Env {
    s: TestServer,
    token: String,
    host: i64,
    /// A fresh folder in the SSH user's home, owned by that user.
    dir: PathBuf,
    _sshd: Sshd,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn user_ids() -> (u32, u32) {
    let id = |flag: &str| {
        let out = std::process::Command::new("id").args([flag, sshd::USER]).output().expect("id");
        String::from_utf8_lossy(&out.stdout).trim().parse::<u32>().expect("numeric id")
    };
    (id("-u"), id("-g"))
}

fn chown(p: &Path) {
    let (u, g) = user_ids();
    std::os::unix::fs::chown(p, Some(u), Some(g)).expect("chown");
}

async fn env() -> Env {
    let sshd = Sshd::start();
    let s = start(Backend::Sqlite).await;
    let token = setup_admin(&s).await;
    let host = sshd.add_host(&s.state.db, &s.state.vault, "files-box", true).await;
    let mut rand = [0u8; 6];
    getrandom_fill(&mut rand);
    let dir = PathBuf::from(format!("/home/{}/archnest-files-{}", sshd::USER, hex::encode(rand)));
    std::fs::create_dir_all(&dir).expect("test dir");
    chown(&dir);
    Env { s, token, host, dir, _sshd: sshd }
}

/// Deterministic pseudo-random bytes (xorshift), so failures are reproducible.
fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn getrandom_fill(buf: &mut [u8]) {
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(7);
    buf.copy_from_slice(&bytes(buf.len(), seed ^ u64::from(std::process::id()))[..]);
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

impl Env {
    fn remote(&self, name: &str) -> String {
        format!("{}/{name}", self.dir.display())
    }

    async fn upload(&self, path: &str, body: Vec<u8>, query: &str) -> reqwest::Response {
        let url = format!("{}/api/files/{}/upload?path={}{query}", self.s.url, self.host, enc(path));
        client()
            .put(url)
            .header("origin", &self.s.url)
            .header("cookie", format!("archnest_session={}", self.token))
            .body(body)
            .send()
            .await
            .expect("upload request")
    }

    async fn download(&self, path: &str) -> reqwest::Response {
        get(&self.s, &format!("/api/files/{}/download?path={}", self.host, enc(path)), Some(&self.token)).await
    }

    async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> FnResponse {
        let host = self.host.to_string();
        let mut all = vec![("host", host.as_str())];
        all.extend_from_slice(form);
        call(&self.s, endpoint, &all, Some(&self.token)).await
    }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_and_downloads_round_trip_byte_for_byte() {
    let e = env().await;
    for (i, len) in [0usize, 1, 10 * 1024 * 1024].into_iter().enumerate() {
        let data = bytes(len, 42 + i as u64);
        let path = e.remote(&format!("file-{len}.bin"));
        let r = e.upload(&path, data.clone(), "").await;
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
        let on_disk = std::fs::read(&path).expect("uploaded file on disk");
        assert_eq!(sha(&on_disk), sha(&data), "{len} bytes arrive intact");

        let d = e.download(&path).await;
        assert_eq!(d.status(), 200);
        assert_eq!(d.headers()["content-length"].to_str().unwrap_or(""), len.to_string());
        assert_eq!(d.headers()["content-type"], "application/octet-stream");
        assert!(d.headers()["content-disposition"].to_str().unwrap_or("").starts_with(&format!("attachment; filename=\"file-{len}.bin\"")));
        assert_eq!(d.headers()["x-content-type-options"], "nosniff");
        let got = d.bytes().await.expect("body");
        assert_eq!(sha(&got), sha(&data), "{len} bytes come back intact");
    }
    // Nothing but the three files: no temp files are left behind.
    let mut names: Vec<String> = std::fs::read_dir(&e.dir).expect("dir").filter_map(|d| d.ok()).map(|d| d.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["file-0.bin", "file-1.bin", "file-10485760.bin"]);

    // An existing name is refused unless replacing was asked for.
    let path = e.remote("file-1.bin");
    let r = e.upload(&path, b"new".to_vec(), "").await;
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap_or_default().contains("already exists"));
    assert_eq!(e.upload(&path, b"new".to_vec(), "&overwrite=1").await.status(), 201);
    assert_eq!(std::fs::read(&path).expect("replaced"), b"new");

    // Folder uploads create missing parents on request.
    let nested = e.remote("a/b/c.txt");
    assert_eq!(e.upload(&nested, b"x".to_vec(), "").await.status(), 404);
    assert_eq!(e.upload(&nested, b"x".to_vec(), "&parents=1").await.status(), 201);
    assert_eq!(std::fs::read(&nested).expect("nested"), b"x");

    // Images preview inline with their type; other files never do.
    let png = e.remote("p.png");
    assert_eq!(e.upload(&png, b"\x89PNG".to_vec(), "").await.status(), 201);
    let inline = get(&e.s, &format!("/api/files/{}/download?path={}&inline=1", e.host, enc(&png)), Some(&e.token)).await;
    assert_eq!(inline.headers()["content-type"], "image/png");
    assert!(inline.headers()["content-disposition"].to_str().unwrap_or("").starts_with("inline"));
    let not_image = get(&e.s, &format!("/api/files/{}/download?path={}&inline=1", e.host, enc(&nested)), Some(&e.token)).await;
    assert_eq!(not_image.headers()["content-type"], "application/octet-stream");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_say_exactly_what_went_wrong() {
    let e = env().await;
    // /root is root's; the SSH user may not write there.
    let r = e.upload("/root/nope.txt", b"x".to_vec(), "").await;
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap_or_default().contains("Permission denied"));
    assert!(!Path::new("/root/nope.txt").exists());

    // A folder owned by root with mode 000: listing and writing are refused.
    let locked = e.dir.join("locked");
    std::fs::create_dir(&locked).expect("locked dir");
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).expect("chmod 000");
    let listing = e.call("files/list", &[("path", locked.to_str().unwrap_or(""))]).await;
    assert_ne!(listing.status, 200);
    assert!(listing.body.contains("Permission denied"), "{}", listing.body);
    let r = e.upload(&format!("{}/x.txt", locked.display()), b"x".to_vec(), "").await;
    assert_eq!(r.status(), 403, "{}", r.text().await.unwrap_or_default());

    // Missing files and folders.
    let missing = e.remote("missing.bin");
    let d = e.download(&missing).await;
    assert_eq!(d.status(), 404);
    assert!(d.text().await.unwrap_or_default().contains("No such file or folder"));
    let l = e.call("files/list", &[("path", &e.remote("nowhere"))]).await;
    assert!(l.body.contains("No such file or folder"), "{}", l.body);
    let del = e.call("files/delete", &[("path", &missing)]).await;
    assert!(del.body.contains("No such file or folder"), "{}", del.body);

    // Unknown host and anonymous callers.
    let r = get(&e.s, &format!("/api/files/999/download?path={}", enc(&missing)), Some(&e.token)).await;
    assert_eq!(r.status(), 404);
    assert_eq!(get(&e.s, &format!("/api/files/{}/download?path=/etc/hostname", e.host), None).await.status(), 401);

    // Reading a binary file as text is refused with a reason.
    std::fs::write(e.dir.join("bin.dat"), [0xff, 0xfe, 0x00]).expect("bin");
    let t = e.call("files/read-text", &[("path", &e.remote("bin.dat"))]).await;
    assert!(t.body.contains("not a text file"), "{}", t.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn manage_files_with_the_server_functions() {
    let e = env().await;
    let dir = e.dir.to_str().unwrap_or("").to_owned();
    let r = e.call("files/mkdir", &[("dir", &dir), ("name", "docs")]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(e.dir.join("docs").is_dir());
    let again = e.call("files/mkdir", &[("dir", &dir), ("name", "docs")]).await;
    assert!(again.body.contains("already exists"), "{}", again.body);
    let bad = e.call("files/mkdir", &[("dir", &dir), ("name", "../x")]).await;
    assert!(bad.body.contains("not a valid file name"), "{}", bad.body);

    std::fs::write(e.dir.join("docs/a.txt"), "hello\n").expect("write");
    chown(&e.dir.join("docs/a.txt"));
    let l = e.call("files/list", &[("path", &dir)]).await;
    assert_eq!(l.status, 200, "{}", l.body);
    let v: serde_json::Value = serde_json::from_str(&l.body).expect("json");
    let docs = v["entries"].as_array().and_then(|a| a.iter().find(|x| x["name"] == "docs")).expect("docs listed");
    assert_eq!(docs["kind"], "Dir");
    assert_eq!(docs["owner"], sshd::USER);

    // Home is listed when no path is given.
    let home = e.call("files/list", &[("path", "")]).await;
    assert!(home.body.contains(&format!("\"path\":\"/home/{}\"", sshd::USER)), "{}", home.body);

    // Rename, move, and a move onto an existing name is refused.
    let a = e.remote("docs/a.txt");
    let b = e.remote("docs/b.txt");
    assert_eq!(e.call("files/rename", &[("from", &a), ("to", &b)]).await.status, 200);
    assert!(e.dir.join("docs/b.txt").exists() && !e.dir.join("docs/a.txt").exists());
    std::fs::write(e.dir.join("c.txt"), "c").expect("c");
    let clash = e.call("files/rename", &[("from", &e.remote("c.txt")), ("to", &b)]).await;
    assert!(clash.body.contains("already exists"), "{}", clash.body);
    assert_eq!(e.call("files/rename", &[("from", &b), ("to", &e.remote("moved.txt"))]).await.status, 200);
    assert!(e.dir.join("moved.txt").exists());

    // chmod, octal text.
    let moved = e.remote("moved.txt");
    assert_eq!(e.call("files/chmod", &[("path", &moved), ("mode", "640")]).await.status, 200);
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&moved).expect("meta").permissions());
    assert_eq!(mode & 0o7777, 0o640);
    let badmode = e.call("files/chmod", &[("path", &moved), ("mode", "9z")]).await;
    assert!(badmode.body.contains("not an octal mode"), "{}", badmode.body);

    // Text edit with the changed-on-disk guard.
    let t = e.call("files/read-text", &[("path", &moved)]).await;
    let doc: serde_json::Value = serde_json::from_str(&t.body).expect("doc");
    assert_eq!(doc["content"], "hello\n");
    let (size, mtime) = (doc["size"].to_string(), doc["mtime"].to_string());
    let saved = e.call("files/write-text", &[("path", &moved), ("content", "edited\n"), ("size", &size), ("mtime", &mtime)]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(std::fs::read_to_string(&moved).expect("read"), "edited\n");
    // Someone else changes the file; saving with the old stamp is refused.
    std::fs::write(&moved, "changed elsewhere, longer\n").expect("w");
    let stale = e.call("files/write-text", &[("path", &moved), ("content", "mine\n"), ("size", &size), ("mtime", &mtime)]).await;
    assert!(stale.body.contains("changed on disk"), "{}", stale.body);
    assert_eq!(std::fs::read_to_string(&moved).expect("read"), "changed elsewhere, longer\n");

    // Recursive delete of a folder with content.
    std::fs::create_dir_all(e.dir.join("docs/deep/er")).expect("deep");
    std::fs::write(e.dir.join("docs/deep/er/f"), "f").expect("f");
    let owner = format!("{}:", sshd::USER);
    assert!(std::process::Command::new("chown").args(["-R", &owner]).arg(e.dir.join("docs")).status().is_ok_and(|s| s.success()));
    let r = e.call("files/delete", &[("path", &e.remote("docs"))]).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!e.dir.join("docs").exists());
}

/// Replacing a file (upload with overwrite, or saving in the editor) goes through a
/// temporary file and a rename, yet keeps the file's mode, follows links, and keeps
/// files of other owners and in read-only folders (written in place there).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replacing_a_file_keeps_mode_owner_and_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let e = env().await;
    let script = e.dir.join("run.sh");
    std::fs::write(&script, "#!/bin/sh\necho one\n").expect("script");
    chown(&script);
    std::fs::set_permissions(&script, PermissionsExt::from_mode(0o750)).expect("chmod");
    let path = e.remote("run.sh");

    let r = e.upload(&path, b"#!/bin/sh\necho two\n".to_vec(), "&overwrite=1").await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
    let meta = std::fs::metadata(&script).expect("meta");
    assert_eq!(meta.mode() & 0o7777, 0o750, "mode carried over to the replacement");
    assert_eq!(std::fs::read_to_string(&script).expect("read"), "#!/bin/sh\necho two\n");

    // The editor replaces the file by a rename too (a new inode), keeping the mode.
    let before = meta.ino();
    let saved = e.call("files/write-text", &[("path", &path), ("content", "#!/bin/sh\necho three\n")]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let meta = std::fs::metadata(&script).expect("meta");
    assert_ne!(meta.ino(), before, "saved through a temporary file");
    assert_eq!(meta.mode() & 0o7777, 0o750);
    assert_eq!(meta.uid(), user_ids().0);

    // Saving through a link edits the target and leaves the link alone.
    let link = e.dir.join("link.sh");
    std::os::unix::fs::symlink(&script, &link).expect("symlink");
    let saved = e.call("files/write-text", &[("path", &e.remote("link.sh")), ("content", "via link\n")]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(std::fs::symlink_metadata(&link).expect("lstat").file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&script).expect("read"), "via link\n");

    // A root-owned file the SSH user may write: written in place, owner unchanged.
    let shared = e.dir.join("shared.conf");
    std::fs::write(&shared, "a=1\n").expect("shared");
    std::fs::set_permissions(&shared, PermissionsExt::from_mode(0o666)).expect("chmod");
    let before = std::fs::metadata(&shared).expect("meta").ino();
    let saved = e.call("files/write-text", &[("path", &e.remote("shared.conf")), ("content", "a=2\n")]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let meta = std::fs::metadata(&shared).expect("meta");
    assert_eq!((meta.uid(), meta.ino()), (0, before), "owner and inode kept");
    assert_eq!(std::fs::read_to_string(&shared).expect("read"), "a=2\n");

    // A user-owned file in a folder the user may not write: written in place.
    let ro = e.dir.join("readonly");
    std::fs::create_dir(&ro).expect("ro dir");
    std::fs::write(ro.join("notes.txt"), "old\n").expect("notes");
    chown(&ro.join("notes.txt"));
    let saved = e.call("files/write-text", &[("path", &format!("{}/notes.txt", ro.display())), ("content", "new\n")]).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(std::fs::read_to_string(ro.join("notes.txt")).expect("read"), "new\n");

    // No temporary or set-aside files are left anywhere.
    let mut all = names(&e.dir);
    all.extend(names(&ro));
    assert!(all.iter().all(|n| !n.contains(".archnest-")), "{all:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_uploads_all_arrive() {
    let e = env().await;
    let jobs = (0..6u64).map(|i| {
        let data = bytes(1024 * 1024 + i as usize * 777, 100 + i);
        let path = e.remote(&format!("c{i}.bin"));
        let e = &e;
        async move {
            let r = e.upload(&path, data.clone(), "").await;
            assert_eq!(r.status(), 201, "{}", r.text().await.unwrap_or_default());
            (path, sha(&data))
        }
    });
    for (path, want) in futures_util::future::join_all(jobs).await {
        assert_eq!(sha(&std::fs::read(&path).expect("file")), want, "{path}");
    }
    // One cached SFTP session served them all.
    assert_eq!(e.s.state.sftp.len().await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_aborted_upload_leaves_nothing_behind() {
    let e = env().await;
    let path = e.remote("big.bin");
    let addr = e.s.url.trim_start_matches("http://").to_owned();
    let mut sock = tokio::net::TcpStream::connect(&addr).await.expect("connect");
    let head = format!(
        "PUT /api/files/{}/upload?path={} HTTP/1.1\r\nhost: {addr}\r\norigin: {}\r\ncookie: archnest_session={}\r\ncontent-length: {}\r\n\r\n",
        e.host,
        enc(&path),
        e.s.url,
        e.token,
        8 * 1024 * 1024
    );
    sock.write_all(head.as_bytes()).await.expect("head");
    sock.write_all(&bytes(1024 * 1024, 9)).await.expect("part");
    sock.flush().await.expect("flush");
    // Wait until the temporary file exists, so the abort happens mid-transfer.
    let temp_seen = wait_for(|| names(&e.dir).iter().any(|n| n.starts_with(".big.bin.archnest-upload-")), 10).await;
    assert!(temp_seen, "the upload writes to a temporary name first: {:?}", names(&e.dir));
    drop(sock);
    let clean = wait_for(|| names(&e.dir).is_empty(), 10).await;
    assert!(clean, "the abandoned upload is removed: {:?}", names(&e.dir));
    assert!(!Path::new(&path).exists());
}

fn names(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir).map(|r| r.filter_map(|d| d.ok()).map(|d| d.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default()
}

async fn wait_for(mut f: impl FnMut() -> bool, secs: u64) -> bool {
    let deadline = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < deadline {
        if f() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    f()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folders_download_as_a_streamed_tar() {
    let e = env().await;
    let root = e.dir.join("site");
    std::fs::create_dir_all(root.join("css/deep")).expect("tree");
    let big = bytes(3 * 1024 * 1024 + 5, 5);
    std::fs::write(root.join("index.html"), "<h1>hi</h1>").expect("w");
    std::fs::write(root.join("css/deep/big.bin"), &big).expect("w");
    let long = "n".repeat(120);
    std::fs::write(root.join(&long), "long name").expect("w");
    std::os::unix::fs::symlink("index.html", root.join("link")).expect("symlink");
    let r = e.download(root.to_str().unwrap_or("")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/x-tar");
    assert!(r.headers()["content-disposition"].to_str().unwrap_or("").contains("site.tar"));
    let tar = r.bytes().await.expect("tar body");

    let out = tempfile::tempdir().expect("out");
    std::fs::write(out.path().join("s.tar"), &tar).expect("save");
    let list = std::process::Command::new("tar").arg("-tf").arg(out.path().join("s.tar")).output().expect("tar -t");
    assert!(list.status.success(), "{}", String::from_utf8_lossy(&list.stderr));
    let listed = String::from_utf8_lossy(&list.stdout);
    for want in ["site/", "site/index.html", "site/css/", "site/css/deep/big.bin", "site/link", &format!("site/{long}")] {
        assert!(listed.lines().any(|l| l == want), "{want} in {listed}");
    }
    let x = std::process::Command::new("tar").arg("-xf").arg(out.path().join("s.tar")).arg("-C").arg(out.path()).status().expect("tar -x");
    assert!(x.success());
    assert_eq!(sha(&std::fs::read(out.path().join("site/css/deep/big.bin")).expect("extracted")), sha(&big));
    assert_eq!(std::fs::read_link(out.path().join("site/link")).expect("link"), Path::new("index.html"));
}
