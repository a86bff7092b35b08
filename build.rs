//! Names the commit the `meshcanvas` binary is built from, for
//! `meshcanvas --version`: `MESHCANVAS_COMMIT` is the short hash of HEAD,
//! or `unknown` outside a git checkout (a crate from a registry, a source
//! archive). It also rebuilds the store when a migration changes.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn main() {
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=MESHCANVAS_COMMIT={commit}");
    // A new commit or a checkout changes HEAD or the branch it points at.
    for path in ["HEAD", "packed-refs"] {
        if let Some(p) = git(&["rev-parse", "--git-path", path]) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(p) = git(&["rev-parse", "--git-path", &branch])
    {
        println!("cargo:rerun-if-changed={p}");
    }
    // `sqlx::migrate!` reads `migrations/` at compile time but does not
    // tell cargo; a new or changed migration must rebuild the store.
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=build.rs");
}
