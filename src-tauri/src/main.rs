//! The Mesh Canvas desktop app. Until the desktop issue lands this shell only
//! proves the workspace builds; the Tauri app replaces it.

fn main() {
    println!("meshcanvas-desktop {}", env!("CARGO_PKG_VERSION"));
}
