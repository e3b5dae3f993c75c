//! The one batched command run per sample, and parsing of its output: `/proc/stat`,
//! `/proc/meminfo`, `/proc/loadavg`, `df -P -k` and `/proc/uptime`, between markers.

use serde::{Deserialize, Serialize};

/// Everything one sample needs, in one exec. `LC_ALL=C` keeps `df` headers and
/// numbers stable; `timeout` (when present) stops a hung network mount blocking `df`.
pub const COMMAND: &str = "export LC_ALL=C; \
echo '@@stat'; head -n 1 /proc/stat; \
echo '@@meminfo'; cat /proc/meminfo; \
echo '@@loadavg'; cat /proc/loadavg; \
echo '@@df'; if command -v timeout >/dev/null 2>&1; then timeout 5 df -P -k; else df -P -k; fi 2>/dev/null; \
echo '@@uptime'; cat /proc/uptime; \
echo '@@end'";

/// Cumulative CPU jiffies from the `cpu` line of `/proc/stat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CpuTimes {
    pub total: u64,
    /// idle + iowait.
    pub idle: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disk {
    pub mount: String,
    pub fs: String,
    /// KiB.
    pub used: u64,
    pub total: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub cpu: CpuTimes,
    pub load: [f64; 3],
    /// Bytes.
    pub mem_total: u64,
    pub mem_used: u64,
    pub disks: Vec<Disk>,
    pub uptime_s: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unexpected metrics output: {0}")]
pub struct ParseError(pub String);

fn err(s: impl Into<String>) -> ParseError {
    ParseError(s.into())
}

/// Splits the output into its marked sections.
fn section<'a>(out: &'a str, name: &str) -> Result<&'a str, ParseError> {
    let marker = format!("@@{name}\n");
    let start = out.find(&marker).ok_or_else(|| err(format!("no {name} section")))? + marker.len();
    let rest = &out[start..];
    Ok(rest.find("@@").map_or(rest, |end| &rest[..end]))
}

pub fn parse(out: &str) -> Result<Reading, ParseError> {
    if !out.contains("@@end") {
        return Err(err("output ended early"));
    }
    let mem = parse_meminfo(section(out, "meminfo")?)?;
    Ok(Reading {
        cpu: parse_stat(section(out, "stat")?)?,
        load: parse_loadavg(section(out, "loadavg")?)?,
        mem_total: mem.0,
        mem_used: mem.1,
        disks: parse_df(section(out, "df")?),
        uptime_s: parse_uptime(section(out, "uptime")?)?,
    })
}

pub fn parse_stat(text: &str) -> Result<CpuTimes, ParseError> {
    let line = text.lines().find(|l| l.starts_with("cpu ")).ok_or_else(|| err("no cpu line in /proc/stat"))?;
    let v: Vec<u64> = line.split_whitespace().skip(1).map(|n| n.parse().map_err(|_| err(format!("bad /proc/stat: {line}")))).collect::<Result<_, _>>()?;
    if v.len() < 4 {
        return Err(err(format!("short /proc/stat: {line}")));
    }
    // user nice system idle iowait irq softirq steal [guest guest_nice]; guest time
    // is already counted in user/nice, so it is not added again.
    let total = v.iter().take(8).sum();
    let idle = v[3] + v.get(4).copied().unwrap_or(0);
    Ok(CpuTimes { total, idle })
}

/// Busy share between two readings, 0–100. None when the counters did not advance
/// or went backwards (a reboot between samples).
pub fn cpu_pct(prev: CpuTimes, cur: CpuTimes) -> Option<f64> {
    let total = cur.total.checked_sub(prev.total)?;
    let idle = cur.idle.checked_sub(prev.idle)?;
    if total == 0 || idle > total {
        return None;
    }
    Some(((total - idle) as f64 * 100.0 / total as f64).clamp(0.0, 100.0))
}

/// (total, used) in bytes; used = MemTotal − MemAvailable (kernels before 3.14 lack
/// MemAvailable: free + buffers + cached stands in).
pub fn parse_meminfo(text: &str) -> Result<(u64, u64), ParseError> {
    let field = |name: &str| -> Option<u64> {
        text.lines()
            .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
            .and_then(|r| r.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
            .map(|kib| kib * 1024)
    };
    let total = field("MemTotal").ok_or_else(|| err("no MemTotal in /proc/meminfo"))?;
    let available = field("MemAvailable")
        .or_else(|| Some(field("MemFree")? + field("Buffers").unwrap_or(0) + field("Cached").unwrap_or(0)))
        .ok_or_else(|| err("no MemAvailable in /proc/meminfo"))?;
    Ok((total, total.saturating_sub(available)))
}

pub fn parse_loadavg(text: &str) -> Result<[f64; 3], ParseError> {
    let v: Vec<f64> = text.split_whitespace().take(3).filter_map(|n| n.parse().ok()).collect();
    match v[..] {
        [a, b, c] => Ok([a, b, c]),
        _ => Err(err(format!("bad /proc/loadavg: {}", text.trim()))),
    }
}

pub fn parse_uptime(text: &str) -> Result<u64, ParseError> {
    text.split_whitespace()
        .next()
        .and_then(|n| n.parse::<f64>().ok())
        .map(|s| s as u64)
        .ok_or_else(|| err(format!("bad /proc/uptime: {}", text.trim())))
}

/// Filesystems that are not disks. Skipped unless mounted on `/` (a container's root
/// is often `overlay`, and it is the disk that matters there).
const PSEUDO: &[&str] = &[
    "tmpfs", "devtmpfs", "overlay", "shm", "udev", "none", "proc", "sysfs", "devpts", "cgroup", "cgroup2",
    "efivarfs", "squashfs", "ramfs", "mqueue", "hugetlbfs", "debugfs", "tracefs", "securityfs", "pstore",
    "bpf", "fusectl", "configfs", "autofs", "nsfs", "run", "rootfs",
];

/// `df -P -k` lines: filesystem, 1024-blocks, used, available, capacity, mount point.
/// The mount point is everything after the capacity column, so spaces in it survive.
pub fn parse_df(text: &str) -> Vec<Disk> {
    let mut disks: Vec<Disk> = Vec::new();
    for line in text.lines().skip_while(|l| !l.starts_with("Filesystem")).skip(1) {
        let Some(d) = df_line(line) else { continue };
        let pseudo = PSEUDO.contains(&d.fs.as_str()) || d.mount.starts_with("/snap/") || d.mount.starts_with("/proc") || d.mount.starts_with("/sys");
        if (pseudo && d.mount != "/") || d.total < 1024 || disks.iter().any(|x| x.mount == d.mount) {
            continue;
        }
        disks.push(d);
    }
    disks
}

fn df_line(line: &str) -> Option<Disk> {
    // Token positions in the original line.
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                tokens.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push((s, line.len()));
    }
    let tok = |k: usize| &line[tokens[k].0..tokens[k].1];
    // The capacity column: "NN%" preceded by three numbers.
    let cap = (4..tokens.len()).find(|&k| {
        let t = tok(k);
        t.ends_with('%') && t[..t.len() - 1].parse::<u64>().is_ok() && (1..=3).all(|j| tok(k - j).parse::<u64>().is_ok())
    })?;
    let fs = line[..tokens[cap - 4].1].trim().to_owned();
    let mount = line[tokens[cap].1..].trim().to_owned();
    if mount.is_empty() {
        return None;
    }
    Some(Disk { mount, fs, total: tok(cap - 3).parse().ok()?, used: tok(cap - 2).parse().ok()? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_delta() {
        let a = parse_stat("cpu  100 0 50 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n").unwrap();
        assert_eq!(a, CpuTimes { total: 1000, idle: 850 });
        let b = parse_stat("cpu  500 0 100 1300 100 0 0 0 0 0\n").unwrap();
        // 1000 jiffies passed, 550 idle+iowait → 45 % busy.
        assert_eq!(cpu_pct(a, b), Some(45.0));
        assert_eq!(cpu_pct(a, a), None, "no time passed");
        assert_eq!(cpu_pct(b, a), None, "counters reset (reboot)");
        // Guest time is part of user already.
        let g = parse_stat("cpu  10 0 0 10 0 0 0 0 999 999").unwrap();
        assert_eq!(g.total, 20);
        assert!(parse_stat("intr 1 2 3").is_err());
    }

    #[test]
    fn meminfo() {
        let t = "MemTotal:        8000000 kB\nMemFree:          100000 kB\nMemAvailable:    6000000 kB\nBuffers: 1 kB\n";
        assert_eq!(parse_meminfo(t).unwrap(), (8_000_000 * 1024, 2_000_000 * 1024));
        let old = "MemTotal: 1000 kB\nMemFree: 200 kB\nBuffers: 100 kB\nCached: 300 kB\n";
        assert_eq!(parse_meminfo(old).unwrap(), (1000 * 1024, 400 * 1024));
        assert!(parse_meminfo("MemFree: 1 kB").is_err());
    }

    #[test]
    fn df_with_spaces_and_pseudo_filesystems() {
        let t = "Filesystem     1024-blocks      Used Available Capacity Mounted on\n\
overlay          102400000  51200000  51200000      50% /\n\
tmpfs                65536         0     65536       0% /dev\n\
/dev/sda1         20000000   5000000  15000000      25% /srv/my backups  2024\n\
/dev/sdb1          1000000    250000    750000      25% /mnt/data\n\
/dev/loop3           56832     56832         0     100% /snap/core/123\n\
My Share://nas/x   4000000   1000000   3000000      25% /mnt/nas share\n";
        let d = parse_df(t);
        let mounts: Vec<&str> = d.iter().map(|d| d.mount.as_str()).collect();
        assert_eq!(mounts, ["/", "/srv/my backups  2024", "/mnt/data", "/mnt/nas share"]);
        assert_eq!(d[0], Disk { mount: "/".into(), fs: "overlay".into(), used: 51_200_000, total: 102_400_000 });
        assert_eq!(d[3].fs, "My Share://nas/x");
    }

    #[test]
    fn whole_output() {
        let out = "@@stat\ncpu  1 2 3 4 5 6 7 8 9 10\n@@meminfo\nMemTotal: 2048 kB\nMemAvailable: 1024 kB\n@@loadavg\n0.50 0.25 0.10 1/200 999\n\
@@df\nFilesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda1 100000 40000 60000 40% /\n@@uptime\n12345.67 2000.00\n@@end\n";
        let r = parse(out).unwrap();
        assert_eq!(r.cpu, CpuTimes { total: 36, idle: 9 });
        assert_eq!(r.load, [0.5, 0.25, 0.1]);
        assert_eq!((r.mem_total, r.mem_used), (2048 * 1024, 1024 * 1024));
        assert_eq!(r.disks.len(), 1);
        assert_eq!(r.uptime_s, 12345);
        assert!(parse(&out.replace("@@end\n", "")).is_err(), "a cut-off output is an error");
    }
}
