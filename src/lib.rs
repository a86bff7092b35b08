//! Mesh Canvas core: the Data Product Canvas model and everything that reads,
//! checks, converts and stores it.
//!
//! The CLI (`src/main.rs`) and the desktop app (`src-tauri/`) are thin shells
//! over this crate's public API; nothing that checks, converts or stores lives
//! anywhere else.

pub mod bindings;
pub mod diff;
pub mod error;
pub mod format;
pub mod gate;
pub mod manifest;
pub mod model;
pub mod par;
pub mod schema;
pub mod standards;
pub mod store;
pub mod studio;
pub mod walk;
pub mod wire;

pub use error::{Error, Result};
pub use model::Canvas;
