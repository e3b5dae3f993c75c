//! Bundles are purchases that grant several modules at a lower price. They are data:
//! the module list is a range over [`Module::ALL`] and the savings are computed.

use crate::Module;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Bundle {
    SshPro,
    DockerPro,
    RemoteDesktop,
    AllThemes,
    Everything,
}

impl Bundle {
    pub const ALL: [Bundle; 5] = [
        Bundle::SshPro,
        Bundle::DockerPro,
        Bundle::RemoteDesktop,
        Bundle::AllThemes,
        Bundle::Everything,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Bundle::SshPro => "ssh-pro",
            Bundle::DockerPro => "docker-pro",
            Bundle::RemoteDesktop => "remote-desktop",
            Bundle::AllThemes => "all-themes",
            Bundle::Everything => "everything",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Bundle::SshPro => "SSH Pro",
            Bundle::DockerPro => "Docker Pro",
            Bundle::RemoteDesktop => "Remote Desktop",
            Bundle::AllThemes => "All Themes",
            Bundle::Everything => "Everything",
        }
    }

    pub fn price_cents(self) -> u32 {
        match self {
            Bundle::SshPro => 2500,
            Bundle::DockerPro => 1500,
            Bundle::RemoteDesktop => 1000,
            Bundle::AllThemes => 1000,
            Bundle::Everything => 9900,
        }
    }

    /// The modules a purchase of this bundle grants, by PRODUCT.md's 1-based numbers.
    pub fn modules(self) -> &'static [Module] {
        let (first, last) = match self {
            Bundle::SshPro => (1, 8),
            Bundle::DockerPro => (9, 12),
            Bundle::RemoteDesktop => (19, 21),
            Bundle::AllThemes => (22, 24),
            Bundle::Everything => (1, 30),
        };
        &Module::ALL[first - 1..last]
    }

    /// What the modules would cost one by one.
    pub fn list_price_cents(self) -> u32 {
        self.modules().iter().map(|m| m.price_cents()).sum()
    }

    pub fn savings_cents(self) -> u32 {
        self.list_price_cents().saturating_sub(self.price_cents())
    }

    pub fn from_slug(slug: &str) -> Option<Bundle> {
        Bundle::ALL.into_iter().find(|b| b.slug() == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_contents_and_savings() {
        let expect = [
            (Bundle::SshPro, 8, 2500, 1500),
            (Bundle::DockerPro, 4, 1500, 500),
            (Bundle::RemoteDesktop, 3, 1000, 500),
            (Bundle::AllThemes, 3, 1000, 500),
            (Bundle::Everything, 30, 9900, 5100),
        ];
        for (b, n, price, savings) in expect {
            assert_eq!(b.modules().len(), n, "{b:?}");
            assert_eq!(b.price_cents(), price);
            assert_eq!(b.savings_cents(), savings, "{b:?}");
        }
        assert_eq!(Bundle::SshPro.modules()[7], Module::HostToHostTransfer);
        assert_eq!(Bundle::DockerPro.modules()[0], Module::DockerOverSsh);
        assert_eq!(Bundle::RemoteDesktop.modules()[2], Module::RemoteDesktopTelnet);
        assert_eq!(Bundle::AllThemes.modules()[0], Module::ThemeMidnightBlue);
    }

    #[test]
    fn slugs_round_trip() {
        for b in Bundle::ALL {
            assert_eq!(Bundle::from_slug(b.slug()), Some(b));
            assert_eq!(serde_json::to_string(&b).unwrap(), format!("\"{}\"", b.slug()));
            assert!(Module::from_slug(b.slug()).is_none(), "bundle and module slugs must not collide");
        }
    }
}
