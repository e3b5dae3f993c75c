//! Import from an OpenSSH client config (`~/.ssh/config`): one candidate per concrete
//! `Host` alias, with `Host *` defaults applied the way ssh does (first value wins).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub alias: String,
    pub hostname: String,
    pub port: u16,
    pub user: Option<String>,
    /// `IdentityFile` paths, listed so the user can upload those keys.
    pub identity_files: Vec<String>,
    pub proxy_jump: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Parsed {
    pub hosts: Vec<Candidate>,
    /// Lines that were skipped, with the reason (e.g. `Include`, `Match`).
    pub notes: Vec<String>,
}

#[derive(Default, Clone)]
struct Block {
    patterns: Vec<String>,
    hostname: Option<String>,
    port: Option<String>,
    user: Option<String>,
    identity_files: Vec<String>,
    proxy_jump: Option<String>,
}

fn is_pattern(p: &str) -> bool {
    p.contains(['*', '?', '!'])
}

fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[u8], t: &[u8]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some(b'*'), _) => go(&p[1..], t) || (!t.is_empty() && go(p, &t[1..])),
            (Some(b'?'), Some(_)) => go(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => go(&p[1..], &t[1..]),
            _ => false,
        }
    }
    go(pattern.as_bytes(), text.as_bytes())
}

fn block_matches(b: &Block, alias: &str) -> bool {
    let negated = b.patterns.iter().filter_map(|p| p.strip_prefix('!')).any(|p| glob(p, alias));
    !negated && b.patterns.iter().filter(|p| !p.starts_with('!')).any(|p| glob(p, alias))
}

/// Splits `Key value`, `Key=value` and `Key = "quoted value"`.
fn split_line(line: &str) -> Option<(String, Vec<String>)> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let (key, rest) = match line.find(|c: char| c.is_whitespace() || c == '=') {
        Some(i) => (&line[..i], line[i..].trim_start_matches(|c: char| c.is_whitespace() || c == '=')),
        None => (line, ""),
    };
    let mut args = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in rest.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    args.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        args.push(cur);
    }
    Some((key.to_ascii_lowercase(), args))
}

pub fn parse(text: &str) -> Parsed {
    let mut blocks: Vec<Block> = vec![Block { patterns: vec!["*".into()], ..Default::default() }];
    let mut notes = Vec::new();
    let mut in_match = false;
    for (n, raw) in text.lines().enumerate() {
        let Some((key, args)) = split_line(raw) else { continue };
        let first = args.first().cloned();
        match key.as_str() {
            "host" => {
                in_match = false;
                blocks.push(Block { patterns: args, ..Default::default() });
            }
            "match" => {
                in_match = true;
                notes.push(format!("line {}: `Match` blocks are not imported", n + 1));
            }
            _ if in_match => {}
            "include" => notes.push(format!("line {}: `Include {}` not followed; paste that file too", n + 1, args.join(" "))),
            _ => {
                let Some(b) = blocks.last_mut() else { continue };
                match key.as_str() {
                    "hostname" => {
                        b.hostname.get_or_insert(first.unwrap_or_default());
                    }
                    "port" => {
                        b.port.get_or_insert(first.unwrap_or_default());
                    }
                    "user" => {
                        b.user.get_or_insert(first.unwrap_or_default());
                    }
                    "identityfile" => b.identity_files.extend(first),
                    "proxyjump" => {
                        b.proxy_jump.get_or_insert(first.unwrap_or_default());
                    }
                    _ => {}
                }
            }
        }
    }
    // The implicit `*` block at the top holds lines before any `Host`; ssh treats them
    // as global, i.e. applying first.
    let mut hosts = Vec::new();
    let aliases: Vec<String> = blocks.iter().skip(1).flat_map(|b| b.patterns.iter()).filter(|p| !is_pattern(p)).cloned().collect();
    for alias in aliases {
        if hosts.iter().any(|h: &Candidate| h.alias == alias) {
            continue;
        }
        let mut merged = Block::default();
        for b in blocks.iter().filter(|b| block_matches(b, &alias)) {
            if merged.hostname.is_none() {
                merged.hostname.clone_from(&b.hostname);
            }
            if merged.port.is_none() {
                merged.port.clone_from(&b.port);
            }
            if merged.user.is_none() {
                merged.user.clone_from(&b.user);
            }
            if merged.proxy_jump.is_none() {
                merged.proxy_jump.clone_from(&b.proxy_jump);
            }
            merged.identity_files.extend(b.identity_files.iter().cloned());
        }
        let port = match merged.port.as_deref().map(str::parse::<u16>) {
            None => 22,
            Some(Ok(p)) if p > 0 => p,
            Some(_) => {
                notes.push(format!("{alias}: invalid Port, using 22"));
                22
            }
        };
        let hostname = merged.hostname.map(|h| h.replace("%h", &alias)).unwrap_or_else(|| alias.clone());
        let proxy_jump = merged.proxy_jump.filter(|p| !p.eq_ignore_ascii_case("none"));
        merged.identity_files.dedup();
        hosts.push(Candidate { alias, hostname, port, user: merged.user, identity_files: merged.identity_files, proxy_jump });
    }
    Parsed { hosts, notes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_typical_config() {
        let p = parse(
            "# global\nUser admin\n\nHost web web2\n  HostName 10.0.0.5\n  Port 2222\n  IdentityFile ~/.ssh/id_ed25519\n\n\
             Host db\n  HostName=db.lan\n  User postgres\n  ProxyJump bastion\n\nHost *.internal\n  User ops\n\n\
             Host bastion\n  Hostname %h.example.org\n\nHost *\n  IdentityFile ~/.ssh/id_rsa\n  Port 22\n\
             Include conf.d/*\nMatch host foo\n  User nope\n",
        );
        let by = |a: &str| p.hosts.iter().find(|h| h.alias == a).cloned().unwrap();
        assert_eq!(p.hosts.iter().map(|h| h.alias.as_str()).collect::<Vec<_>>(), ["web", "web2", "db", "bastion"]);
        let web = by("web");
        assert_eq!((web.hostname.as_str(), web.port, web.user.as_deref()), ("10.0.0.5", 2222, Some("admin")));
        assert_eq!(web.identity_files, ["~/.ssh/id_ed25519", "~/.ssh/id_rsa"]);
        let db = by("db");
        assert_eq!((db.hostname.as_str(), db.port, db.user.as_deref(), db.proxy_jump.as_deref()), ("db.lan", 22, Some("admin"), Some("bastion")));
        assert_eq!(by("bastion").hostname, "bastion.example.org");
        assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
    }

    #[test]
    fn negation_and_quotes() {
        let p = parse("Host \"my box\" !skip\n Port 2200\nHost * !mybox2\n User x\n");
        assert_eq!(p.hosts.len(), 1);
        assert_eq!(p.hosts[0].alias, "my box");
        assert_eq!(p.hosts[0].port, 2200);
    }
}
