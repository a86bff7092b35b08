//! The one folder walk of the crate: canvases, manifests and standards packs
//! are all found by it, so they all skip the same things.
//!
//! Built on `walkdir` (sorted, no symlinked folders followed, so a link
//! cycle cannot recurse). What it yields is only ever a regular file, or a
//! symlink to one: a FIFO, a socket or a device named `*.canvas.json` or
//! `*.pack.json` would block or never end when read, and is passed over.
//! Hidden folders, `node_modules` and `target` (dependencies and build
//! output) are not entered.

use std::path::{Path, PathBuf};

/// A folder or entry the walk could not read.
#[derive(Debug)]
pub struct WalkError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

/// What a walk found: the files whose name `wanted` accepts, in sorted
/// order, and the places that could not be read.
#[derive(Debug, Default)]
pub struct Found {
    pub files: Vec<PathBuf>,
    pub errors: Vec<WalkError>,
}

/// Whether the walk enters a folder of this name.
fn enters(name: &str) -> bool {
    !name.starts_with('.') && name != "node_modules" && name != "target"
}

/// Every regular file below `root` whose file name `wanted` accepts.
pub fn files(root: &Path, wanted: impl Fn(&str) -> bool) -> Found {
    let mut found = Found::default();
    let walk = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_type().is_dir() || enters(&e.file_name().to_string_lossy())
        });
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().unwrap_or(root).to_path_buf();
                let error = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be read"));
                found.errors.push(WalkError { path, error });
                continue;
            }
        };
        if entry.file_type().is_dir() || !wanted(&entry.file_name().to_string_lossy()) {
            continue;
        }
        if is_regular_file(entry.path()) {
            found.files.push(entry.into_path());
        }
    }
    found
}

/// Whether `path` is a regular file, or a symlink to one.
#[must_use]
pub fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
}

/// `files` with every file kept once, first place first: `check examples
/// examples/sales` names the sales canvases twice, and a canvas read twice
/// would collide with itself. Files are the same when their canonical
/// paths are (a path that cannot be resolved is compared as written).
#[must_use]
pub fn unique(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let mut seen = std::collections::HashSet::new();
    files
        .into_iter()
        .filter(|f| seen.insert(std::fs::canonicalize(f).unwrap_or_else(|_| f.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_named_twice_or_by_two_routes_is_kept_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let sales = dir.path().join("sales");
        std::fs::create_dir(&sales).expect("mkdir");
        let orders = sales.join("orders.canvas.json");
        std::fs::write(&orders, "{}").expect("write");
        let other = dir.path().join("returns.canvas.json");
        std::fs::write(&other, "{}").expect("write");
        let by_dots = dir.path().join("sales/../sales/orders.canvas.json");
        let kept = unique(vec![orders.clone(), other.clone(), by_dots, orders.clone()]);
        assert_eq!(kept, [orders, other]);
    }
}
