//! The 30 paid modules. Order and slugs follow PRODUCT.md; slugs are stable
//! identifiers stored in licenses and databases and must never change.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Every module costs the same, one-time.
pub const MODULE_PRICE_CENTS: u32 = 500;

/// Store groups, in the order the Module Store shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Group {
    Ssh,
    Docker,
    Integration,
    DesktopDisplay,
    Platform,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Ssh,
        Group::Docker,
        Group::Integration,
        Group::DesktopDisplay,
        Group::Platform,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::Ssh => "SSH",
            Group::Docker => "Docker",
            Group::Integration => "Integration",
            Group::DesktopDisplay => "Desktop & Display",
            Group::Platform => "Platform",
        }
    }

    pub fn modules(self) -> impl Iterator<Item = Module> {
        Module::ALL.into_iter().filter(move |m| m.group() == self)
    }
}

macro_rules! modules {
    ($( $variant:ident = $slug:literal ),+ $(,)?) => {
        /// A paid module. Serialized as its slug everywhere (JSON, database, license).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Module { $( $variant ),+ }

        impl Module {
            pub const ALL: [Module; modules!(@count $($variant)+)] = [ $( Module::$variant ),+ ];

            /// The stable identifier used in licenses, URLs and the database.
            pub fn slug(self) -> &'static str {
                match self { $( Module::$variant => $slug ),+ }
            }
        }
    };
    (@count $($x:ident)+) => { 0 $( + modules!(@one $x) )+ };
    (@one $x:ident) => { 1 };
}

modules! {
    MultiPaneTerminal = "multi-pane-terminal",
    TmuxIntegration = "tmux-integration",
    JumpHostChaining = "jump-host-chaining",
    CertificateAuth = "certificate-auth",
    TunnelAutoStart = "tunnel-auto-start",
    PersistentSessions = "persistent-sessions",
    SessionRecording = "session-recording",
    HostToHostTransfer = "host-to-host-transfer",
    DockerOverSsh = "docker-over-ssh",
    DockerPushAgent = "docker-push-agent",
    ContainerExec = "container-exec",
    ContainerDetailView = "container-detail-view",
    UnlimitedSshHosts = "unlimited-ssh-hosts",
    ProxmoxIntegration = "proxmox-integration",
    AwsIntegration = "aws-integration",
    CloudflareIntegration = "cloudflare-integration",
    NetbirdIntegration = "netbird-integration",
    UptimeKumaIntegration = "uptime-kuma-integration",
    RemoteDesktopRdp = "remote-desktop-rdp",
    RemoteDesktopVnc = "remote-desktop-vnc",
    RemoteDesktopTelnet = "remote-desktop-telnet",
    ThemeMidnightBlue = "theme-midnight-blue",
    ThemeForest = "theme-forest",
    ThemeLight = "theme-light",
    MultiUser = "multi-user",
    AdvancedMetrics = "advanced-metrics",
    DataExportImport = "data-export-import",
    AuditLog = "audit-log",
    UnlimitedBookmarks = "unlimited-bookmarks",
    GlobalSearch = "global-search",
}

impl Module {
    pub fn name(self) -> &'static str {
        use Module::*;
        match self {
            MultiPaneTerminal => "Multi-pane Terminal",
            TmuxIntegration => "tmux Integration",
            JumpHostChaining => "Jump Host Chaining",
            CertificateAuth => "Certificate Auth",
            TunnelAutoStart => "Tunnel Auto-start",
            PersistentSessions => "Persistent Sessions",
            SessionRecording => "Session Recording",
            HostToHostTransfer => "Host-to-Host Transfer",
            DockerOverSsh => "Docker over SSH",
            DockerPushAgent => "Docker Push Agent",
            ContainerExec => "Container Exec",
            ContainerDetailView => "Container Detail View",
            UnlimitedSshHosts => "Unlimited SSH Hosts",
            ProxmoxIntegration => "Proxmox Integration",
            AwsIntegration => "AWS Integration",
            CloudflareIntegration => "Cloudflare Integration",
            NetbirdIntegration => "NetBird Integration",
            UptimeKumaIntegration => "Uptime Kuma Integration",
            RemoteDesktopRdp => "Remote Desktop: RDP",
            RemoteDesktopVnc => "Remote Desktop: VNC",
            RemoteDesktopTelnet => "Remote Desktop: Telnet",
            ThemeMidnightBlue => "Theme: Midnight Blue",
            ThemeForest => "Theme: Forest",
            ThemeLight => "Theme: Light",
            MultiUser => "Multi-user",
            AdvancedMetrics => "Advanced Metrics",
            DataExportImport => "Data Export & Import",
            AuditLog => "Audit Log",
            UnlimitedBookmarks => "Unlimited Bookmarks",
            GlobalSearch => "Global Search",
        }
    }

    pub fn description(self) -> &'static str {
        use Module::*;
        match self {
            MultiPaneTerminal => "Split the terminal into 2 or 4 panes and open multiple tabs.",
            TmuxIntegration => "List and attach to existing tmux sessions on a host.",
            JumpHostChaining => "Connect through one or more intermediary hosts (ProxyJump).",
            CertificateAuth => "Log in with OpenSSH user certificates, including OPKSSH-issued ones.",
            TunnelAutoStart => "Start tunnels when ArchNest boots and reconnect them automatically.",
            PersistentSessions => "Terminal sessions survive navigation, reloads and switching devices.",
            SessionRecording => "Record terminal sessions to disk (asciicast v2) and replay them.",
            HostToHostTransfer => "Copy or move files directly between two SSH hosts.",
            DockerOverSsh => "Manage Docker through SSH without exposing the Docker socket.",
            DockerPushAgent => "An outbound-only agent for Docker hosts behind NAT or firewalls.",
            ContainerExec => "Open an interactive shell inside a running container.",
            ContainerDetailView => "Full container inspect: ports, networks, mounts, env and labels.",
            UnlimitedSshHosts => "Remove the 3-host cap of the free core.",
            ProxmoxIntegration => "Proxmox VE nodes, VMs and LXCs with power actions.",
            AwsIntegration => "EC2 inventory and STS caller identity.",
            CloudflareIntegration => "Cloudflare zones and DNS records.",
            NetbirdIntegration => "NetBird mesh peers and their connectivity.",
            UptimeKumaIntegration => "Uptime Kuma monitor status and health.",
            RemoteDesktopRdp => "RDP desktops in the browser.",
            RemoteDesktopVnc => "VNC desktops in the browser.",
            RemoteDesktopTelnet => "Telnet sessions in the browser terminal.",
            ThemeMidnightBlue => "A deep blue accent theme.",
            ThemeForest => "An emerald accent theme.",
            ThemeLight => "A light theme for bright rooms.",
            MultiUser => "Up to 10 users with admin and member roles.",
            AdvancedMetrics => "Network, processes, listening ports, firewall and login statistics.",
            DataExportImport => "Back up and restore hosts, secrets, bookmarks and tunnels.",
            AuditLog => "The full activity audit log, searchable, with export.",
            UnlimitedBookmarks => "Remove the 10-bookmark cap of the free core.",
            GlobalSearch => "Search across pages, hosts, integrations and bookmarks.",
        }
    }

    pub fn group(self) -> Group {
        use Module::*;
        match self {
            MultiPaneTerminal | TmuxIntegration | JumpHostChaining | CertificateAuth
            | TunnelAutoStart | PersistentSessions | SessionRecording | HostToHostTransfer
            | UnlimitedSshHosts => Group::Ssh,
            DockerOverSsh | DockerPushAgent | ContainerExec | ContainerDetailView => Group::Docker,
            ProxmoxIntegration | AwsIntegration | CloudflareIntegration | NetbirdIntegration
            | UptimeKumaIntegration => Group::Integration,
            RemoteDesktopRdp | RemoteDesktopVnc | RemoteDesktopTelnet | ThemeMidnightBlue
            | ThemeForest | ThemeLight => Group::DesktopDisplay,
            MultiUser | AdvancedMetrics | DataExportImport | AuditLog | UnlimitedBookmarks
            | GlobalSearch => Group::Platform,
        }
    }

    pub fn price_cents(self) -> u32 {
        MODULE_PRICE_CENTS
    }

    /// Path of this module's page in the Module Store.
    pub fn store_path(self) -> String {
        format!("/settings/store/modules/{}", self.slug())
    }

    pub fn from_slug(slug: &str) -> Option<Module> {
        Module::ALL.into_iter().find(|m| m.slug() == slug)
    }
}

impl fmt::Display for Module {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown module slug `{0}`")]
pub struct UnknownModule(pub String);

impl FromStr for Module {
    type Err = UnknownModule;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Module::from_slug(s).ok_or_else(|| UnknownModule(s.to_owned()))
    }
}

impl Serialize for Module {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.slug())
    }
}

impl<'de> Deserialize<'de> for Module {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let slug = String::deserialize(d)?;
        Module::from_slug(&slug).ok_or_else(|| serde::de::Error::custom(UnknownModule(slug)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn thirty_modules_with_unique_slugs_and_names() {
        assert_eq!(Module::ALL.len(), 30);
        let slugs: HashSet<_> = Module::ALL.iter().map(|m| m.slug()).collect();
        let names: HashSet<_> = Module::ALL.iter().map(|m| m.name()).collect();
        assert_eq!(slugs.len(), 30);
        assert_eq!(names.len(), 30);
    }

    #[test]
    fn slugs_match_the_product_table_in_order() {
        // PRODUCT.md numbers modules 1..=30; bundles refer to those numbers.
        assert_eq!(Module::ALL[0].slug(), "multi-pane-terminal");
        assert_eq!(Module::ALL[7].slug(), "host-to-host-transfer");
        assert_eq!(Module::ALL[12].slug(), "unlimited-ssh-hosts");
        assert_eq!(Module::ALL[29].slug(), "global-search");
    }

    #[test]
    fn slug_round_trips_through_serde_and_from_str() {
        for m in Module::ALL {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.slug()));
            assert_eq!(serde_json::from_str::<Module>(&json).unwrap(), m);
            assert_eq!(m.slug().parse::<Module>().unwrap(), m);
        }
        assert!("no-such-module".parse::<Module>().is_err());
    }

    #[test]
    fn every_group_has_modules_and_every_module_a_price() {
        for g in Group::ALL {
            assert!(g.modules().count() > 0, "{g:?}");
        }
        let total: usize = Group::ALL.iter().map(|g| g.modules().count()).sum();
        assert_eq!(total, 30);
        assert!(Module::ALL.iter().all(|m| m.price_cents() == 500));
        assert!(Module::ALL.iter().all(|m| !m.description().is_empty()));
    }
}
