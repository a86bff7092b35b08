//! Mesh Canvas core: the Data Product Canvas model and everything that reads,
//! checks, converts and stores it.
//!
//! The CLI (`src/main.rs`) and the desktop app (`src-tauri/`) are thin shells
//! over this crate's public API; nothing that checks, converts or stores lives
//! anywhere else.

pub mod bindings;
pub mod board;
pub mod change;
pub mod diff;
pub mod error;
pub mod format;
pub mod gate;
pub mod import;
// Pedantic lints left as they are in the manifest formats for now: the
// module is being split into bundle, import and format modules (issue 15),
// and rewriting its matches and casts here would only collide with that.
#[allow(
    clippy::case_sensitive_file_extension_comparisons,
    clippy::cast_possible_wrap,
    clippy::doc_markdown,
    clippy::explicit_iter_loop,
    clippy::many_single_char_names,
    clippy::needless_pass_by_value,
    clippy::similar_names,
    clippy::single_match_else,
    clippy::unnecessary_wraps
)]
pub mod manifest;
pub mod merge;
pub mod mesh;
pub mod model;
pub mod par;
pub mod poster;
pub mod schema;
pub mod standards;
pub mod store;
// Every `Studio` method is `async`, also those that do not await: they are
// the app's commands, and Tauri runs async commands on its runtime rather
// than on the window's main thread.
#[allow(clippy::unused_async)]
pub mod studio;
pub mod upgrade;
pub mod walk;
pub mod wire;
pub mod workshop;

pub use error::{Error, Result};
pub use model::Canvas;
