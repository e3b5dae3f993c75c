//! Free-core limits, in one place. Each cap names the module that lifts it.

use crate::{Module, ModuleSet};

/// A numeric limit of the free core and the module that removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    pub free_limit: u32,
    pub lifted_by: Module,
    /// The limit once licensed; `None` means unlimited.
    pub licensed_limit: Option<u32>,
}

pub const SSH_HOSTS: Cap = Cap { free_limit: 3, lifted_by: Module::UnlimitedSshHosts, licensed_limit: None };
pub const TERMINAL_TABS: Cap = Cap { free_limit: 1, lifted_by: Module::MultiPaneTerminal, licensed_limit: None };
pub const TERMINAL_PANES: Cap = Cap { free_limit: 1, lifted_by: Module::MultiPaneTerminal, licensed_limit: Some(4) };
pub const BOOKMARKS: Cap = Cap { free_limit: 10, lifted_by: Module::UnlimitedBookmarks, licensed_limit: None };
pub const USERS: Cap = Cap { free_limit: 1, lifted_by: Module::MultiUser, licensed_limit: Some(10) };
/// Docker sources over TCP. The SSH transport is gated separately by `docker-over-ssh`.
pub const DOCKER_SOURCES: Cap = Cap { free_limit: 1, lifted_by: Module::DockerOverSsh, licensed_limit: None };

impl Cap {
    /// The effective limit for an install owning `owned`; `None` is unlimited.
    pub fn limit(self, owned: ModuleSet) -> Option<u32> {
        if owned.contains(self.lifted_by) {
            self.licensed_limit
        } else {
            Some(self.free_limit)
        }
    }

    /// Whether one more item may be created when `current` exist.
    pub fn allows_another(self, owned: ModuleSet, current: u64) -> bool {
        match self.limit(owned) {
            None => true,
            Some(limit) => current < u64::from(limit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_apply_until_lifted() {
        let free = ModuleSet::EMPTY;
        assert!(SSH_HOSTS.allows_another(free, 2));
        assert!(!SSH_HOSTS.allows_another(free, 3));
        let owned: ModuleSet = [Module::UnlimitedSshHosts].into_iter().collect();
        assert!(SSH_HOSTS.allows_another(owned, 10_000));
        assert!(!BOOKMARKS.allows_another(free, 10));
        let users: ModuleSet = [Module::MultiUser].into_iter().collect();
        assert!(USERS.allows_another(users, 9));
        assert!(!USERS.allows_another(users, 10));
    }
}
