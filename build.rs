//! Links the `meshcanvas` CLI as a position-dependent executable on Linux.
//!
//! CI runs `meshcanvas check` once per contract, so the process's start
//! counts. As a position-independent executable the dynamic loader first
//! applies some 54,000 relocations, writing to (and so copying) every page
//! that holds a pointer: about 3 ms of a 4 ms `meshcanvas --version`
//! (`make bench`, `benches/contract_check.rs`). Linked at a fixed address
//! there is nothing to relocate. The cost is that the executable's own code
//! is not placed at a random address (libraries, heap and stack still are);
//! the CLI reads files and writes reports, and the desktop app is linked as
//! usual.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo::rustc-link-arg-bin=meshcanvas=-no-pie");
    }
}
