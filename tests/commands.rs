//! The desktop app's command list is written in five places: the handler
//! (`src-tauri/src/main.rs`), the command manifest that generates one
//! permission per command (`src-tauri/build.rs`), the capability that grants
//! them to the window (`src-tauri/capabilities/main.json`), the UI's backend
//! module (`ui/src/backend/index.ts`) and the contract (`src-tauri/COMMANDS.md`).
//! A command missing from one of them is a command the UI cannot call, or one
//! nobody documented: this test names the place and the command.

use std::collections::BTreeSet;

use crate::util;

fn read(path: &str) -> String {
    std::fs::read_to_string(util::repo_path(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The text between `open` and the first `close` after it.
fn between<'a>(text: &'a str, path: &str, open: &str, close: &str) -> &'a str {
    let start = text
        .find(open)
        .unwrap_or_else(|| panic!("{path}: no `{open}`"))
        + open.len();
    let len = text[start..]
        .find(close)
        .unwrap_or_else(|| panic!("{path}: no `{close}` after `{open}`"));
    &text[start..start + len]
}

/// `tauri::generate_handler![a, b, ...]`.
fn handler() -> BTreeSet<String> {
    let path = "src-tauri/src/main.rs";
    let text = read(path);
    between(&text, path, "generate_handler![", "]")
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(String::from)
        .collect()
}

/// `AppManifest::new().commands(&["a", "b", ...])`.
fn manifest() -> BTreeSet<String> {
    let path = "src-tauri/build.rs";
    let text = read(path);
    between(&text, path, ".commands(&[", "]")
        .split(',')
        .map(|item| item.trim().trim_matches('"'))
        .filter(|name| !name.is_empty())
        .map(String::from)
        .collect()
}

/// The capability's `allow-<command>` permissions (the plugins' own
/// permissions, such as `dialog:allow-open`, carry a prefix and are not
/// commands of the app).
fn capability() -> BTreeSet<String> {
    let path = "src-tauri/capabilities/main.json";
    let json: serde_json::Value =
        serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    json["permissions"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no `permissions` array"))
        .iter()
        .filter_map(serde_json::Value::as_str)
        .filter_map(|permission| permission.strip_prefix("allow-"))
        .map(|command| command.replace('-', "_"))
        .collect()
}

/// Every `call<T>("command", ...)` of the backend module.
fn backend() -> BTreeSet<String> {
    let path = "ui/src/backend/index.ts";
    let text = read(path);
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices("call<") {
        let rest = &text[at..];
        // `call<T>(command: string, ...)`, the definition, has no quoted name.
        let Some(open) = rest.find(">(\"") else {
            continue;
        };
        if rest[..open].contains('\n') {
            continue;
        }
        let name = between(rest, path, ">(\"", "\"");
        names.insert(name.to_owned());
    }
    names
}

/// The first column of the command table: rows that start with a command
/// name in backticks.
fn contract() -> BTreeSet<String> {
    let path = "src-tauri/COMMANDS.md";
    let text = read(path);
    let table = between(&text, path, "| command |", "\n\n");
    table
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|line| line.split_once('`'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

#[test]
fn every_place_that_lists_the_apps_commands_lists_the_same_ones() {
    let places = [
        ("src-tauri/src/main.rs (generate_handler!)", handler()),
        ("src-tauri/build.rs (AppManifest commands)", manifest()),
        ("src-tauri/capabilities/main.json (allow-*)", capability()),
        ("ui/src/backend/index.ts (call)", backend()),
        ("src-tauri/COMMANDS.md (the command table)", contract()),
    ];
    let all: BTreeSet<&String> = places.iter().flat_map(|(_, names)| names).collect();
    assert!(
        all.len() >= 20,
        "the lists were not read: only {all:?} found"
    );
    let mut problems = Vec::new();
    for (place, names) in &places {
        for name in &all {
            if !names.contains(*name) {
                let listed: Vec<&str> = places
                    .iter()
                    .filter(|(_, other)| other.contains(*name))
                    .map(|(other, _)| *other)
                    .collect();
                problems.push(format!(
                    "{place} does not list `{name}` (listed in {})",
                    listed.join(", ")
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
