//! Small, reusable UI pieces.

pub mod chart;
pub mod empty_state;
pub mod host_picker;
pub mod icon_button;
pub mod icons;
pub mod module_gate;
pub mod password_meter;
pub mod terminal;

pub use chart::{ChartSeries, LineChart, Sparkline};
pub use empty_state::EmptyState;
pub use host_picker::{host_from_query, HostPicker};
pub use icon_button::IconButton;
pub use icons::{Icon, IconView};
pub use module_gate::{LockBadge, ModuleGate};
