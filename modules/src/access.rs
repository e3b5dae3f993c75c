//! Who may open a page or call a server function. Lives beside `Module` because it
//! is the other half of "may this request proceed?" and both sides read it.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user.
    User,
    /// Signed-in admins only.
    Admin,
}
