//! The desktop app's commands attacked as a compromised or buggy web view
//! could: every command runs one [`Studio`] method on arguments serde
//! accepted, so these call those methods with hostile paths, ids, revision
//! numbers and canvases, on real temporary SQLite workspaces. What must
//! hold each time: no panic, no file outside what the user chose touched,
//! nothing saved lost, and an error that names the file or the place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::util::{runtime, standards};
use meshcanvas::model::{Canvas, OutputPort};
use meshcanvas::studio::Studio;
use meshcanvas::wire::{ErrorCode, ExportOptions, ImportAction, ImportChoice, WireError};

fn canvas(id: &str) -> Canvas {
    Canvas::skeleton(id, &format!("Product {id}"), "sales")
}

/// A studio on a new workspace in `dir/ws`, holding canvas `orders`.
async fn studio_with_orders(dir: &Path) -> Studio {
    let studio = Studio::new(standards(), None, "tester");
    studio
        .workspace_create(&dir.join("ws"))
        .await
        .expect("create workspace");
    studio
        .canvas_create(canvas("orders"))
        .await
        .expect("orders");
    studio
}

fn wire(err: meshcanvas::Error) -> WireError {
    WireError::from(err)
}

fn allow() -> ExportOptions {
    ExportOptions {
        allow_findings: true,
        ..ExportOptions::default()
    }
}

/// Every entry below `dir` with its bytes (a link's target), to
/// see that a refused command changed nothing.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false) {
        let entry = entry.expect("walk");
        let path = entry.path().to_path_buf();
        // SQLite's shared-memory index changes when a workspace is read.
        if path.to_string_lossy().ends_with("-shm") {
            continue;
        }
        let content = if entry.file_type().is_symlink() {
            std::fs::read_link(&path)
                .expect("readlink")
                .into_os_string()
                .into_encoded_bytes()
        } else if entry.file_type().is_file() {
            std::fs::read(&path).expect("read")
        } else {
            // A folder or a FIFO (never opened: it would block).
            b"<not a file>".to_vec()
        };
        out.insert(path, content);
    }
    out
}

/// The ids and revisions of the workspace's canvases, and the history of
/// each: what must not change when a command is refused.
async fn saved_state(studio: &Studio) -> Vec<(String, i64, usize)> {
    let mut out = Vec::new();
    for s in studio.canvas_list().await.expect("list") {
        let history = studio.history_list(&s.id).await.expect("history").len();
        out.push((s.id, s.revision, history));
    }
    out
}

#[test]
fn workspace_paths_that_are_not_workspaces_are_refused_naming_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fifo = dir.path().join("pipe.meshcanvas.db");
    crate::util::mkfifo(&fifo);
    let to_passwd = dir.path().join("passwd.meshcanvas.db");
    std::os::unix::fs::symlink("/etc/passwd", &to_passwd).expect("symlink");
    let to_zero = dir.path().join("zero.meshcanvas.db");
    std::os::unix::fs::symlink("/dev/zero", &to_zero).expect("symlink");
    let long = dir.path().join("x".repeat(5000));
    let a_file = dir.path().join("notes.txt");
    std::fs::write(&a_file, "notes").expect("write");
    let below_a_file = a_file.join("ws");
    let before = tree(dir.path());
    runtime().block_on(async {
        let studio = Studio::new(standards(), None, "tester");
        let cases: [(&Path, &str); 8] = [
            (&fifo, "not a regular file"),
            (&to_passwd, "not an sqlite database"),
            (&to_zero, "not a regular file"),
            (Path::new("/dev/zero"), "not a regular file"),
            (Path::new("/proc/self/status"), "not an sqlite database"),
            (Path::new("/etc"), "no workspace here"),
            (&long, "name too long"),
            (&below_a_file, "not a directory"),
        ];
        for (path, says) in cases {
            let err = wire(studio.workspace_open(path).await.expect_err("refused"));
            let shown = path.display().to_string();
            assert!(
                err.message.contains(&shown[..shown.len().min(40)]),
                "{shown}: the message names the path: {}",
                err.message
            );
            assert!(
                err.message.to_lowercase().contains(says),
                "{shown}: expected {says:?} in {}",
                err.message
            );
        }
        // Creating over any of them is refused too, writing nothing.
        for path in [&fifo, &to_passwd, &to_zero, &below_a_file] {
            let err = wire(studio.workspace_create(path).await.expect_err("refused"));
            assert_eq!(
                err.code,
                ErrorCode::Io,
                "{}: {}",
                path.display(),
                err.message
            );
        }
        assert!(studio.workspace_info().await.is_err(), "nothing was opened");
    });
    assert_eq!(
        tree(dir.path()),
        before,
        "a refused open or create changed files"
    );
}

/// Ids a web view could send: empty, huge, path-like, with NUL, control
/// and escape characters, Windows device names, look-alikes, other case.
fn hostile_ids() -> Vec<String> {
    vec![
        String::new(),
        " ".to_owned(),
        "x".repeat(10_000),
        "..".to_owned(),
        "../orders".to_owned(),
        "/".to_owned(),
        "/etc/passwd".to_owned(),
        "\\".to_owned(),
        "orders\0".to_owned(),
        "\0".to_owned(),
        "orders\n".to_owned(),
        "\u{1b}[31mred\u{1b}[0m".to_owned(),
        "CON".to_owned(),
        "con".to_owned(),
        "nul.orders".to_owned(),
        "\u{43e}rders".to_owned(), // a Cyrillic "о"
        "ORDERS".to_owned(),
        "Orders".to_owned(),
        "orders\u{200b}".to_owned(), // a zero-width space
        "%2e%2e".to_owned(),
    ]
}

#[test]
fn hostile_ids_find_nothing_change_nothing_and_are_named_briefly() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let before = saved_state(&studio).await;
        for id in hostile_ids() {
            let shown = format!("{id:?}");
            // Lookups: not found, with a message a person can read.
            for (what, result) in [
                ("canvas_load", studio.canvas_load(&id).await.map(|_| ())),
                ("history_list", studio.history_list(&id).await.map(|_| ())),
                (
                    "history_load",
                    studio.history_load(&id, 1).await.map(|_| ()),
                ),
                (
                    "history_diff",
                    studio.history_diff(&id, 1, 1).await.map(|_| ()),
                ),
                (
                    "history_changes",
                    studio.history_changes(&id, 1, 1).await.map(|_| ()),
                ),
                (
                    "history_restore",
                    studio.history_restore(&id, 1).await.map(|_| ()),
                ),
                (
                    "canvas_release",
                    studio.canvas_release(&id).await.map(|_| ()),
                ),
                ("canvas_delete", studio.canvas_delete(&id).await),
                (
                    "canvas_bring_back",
                    studio.canvas_bring_back(&id).await.map(|_| ()),
                ),
                (
                    "canvas_rename",
                    studio.canvas_rename(&id, "renamed").await.map(|_| ()),
                ),
                (
                    "export_preview",
                    studio
                        .export_preview(std::slice::from_ref(&id), &allow())
                        .await
                        .map(|_| ()),
                ),
            ] {
                let err = wire(result.expect_err(&format!("{what}({shown})")));
                assert!(
                    matches!(err.code, ErrorCode::NotFound | ErrorCode::InvalidArgument),
                    "{what}({shown}): {:?} {}",
                    err.code,
                    err.message
                );
                assert!(
                    err.message.chars().count() < 400,
                    "{what}({shown}): a hostile id is not echoed whole: {} characters",
                    err.message.chars().count()
                );
                assert!(
                    !err.message.contains('\u{1b}') && !err.message.contains('\0'),
                    "{what}({shown}): control characters reach the message raw: {:?}",
                    err.message
                );
            }
            // Readers of an unknown id: none.
            assert_eq!(
                studio.canvas_readers(&id).await.expect("readers"),
                Vec::<String>::new()
            );
            // As a new id: refused by the one rule for ids.
            for (what, result) in [
                (
                    "canvas_create",
                    studio.canvas_create(canvas(&id)).await.map(|_| ()),
                ),
                (
                    "canvas_rename",
                    studio.canvas_rename("orders", &id).await.map(|_| ()),
                ),
                (
                    "import_commit",
                    studio
                        .import_commit(vec![ImportChoice {
                            canvas: canvas("imported"),
                            action: ImportAction::New {
                                id: id.clone(),
                                name: "Imported".to_owned(),
                            },
                        }])
                        .await
                        .map(|_| ()),
                ),
            ] {
                let err = wire(result.expect_err(&format!("{what}({shown})")));
                assert_eq!(
                    err.code,
                    ErrorCode::InvalidArgument,
                    "{what}({shown}): {}",
                    err.message
                );
                assert!(
                    err.message.chars().count() < 400 && !err.message.contains('\u{1b}'),
                    "{what}({shown}): {:?}",
                    err.message
                );
            }
        }
        assert_eq!(
            saved_state(&studio).await,
            before,
            "a hostile id changed the workspace"
        );
        assert!(studio.canvas_deleted().await.expect("deleted").is_empty());
    });
}

#[test]
fn revision_numbers_that_do_not_exist_are_not_found_and_say_which_exist() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let mut other = canvas("returns");
        studio.canvas_create(other.clone()).await.expect("returns");
        other.product.purpose = "Every return.".to_owned();
        studio
            .canvas_save(other, 1, "purpose")
            .await
            .expect("returns rev 2");
        let before = saved_state(&studio).await;
        for revision in [-1, 0, 2, i64::MAX, i64::MIN] {
            for (what, result) in [
                (
                    "history_load",
                    studio.history_load("orders", revision).await.map(|_| ()),
                ),
                (
                    "history_diff",
                    studio.history_diff("orders", 1, revision).await.map(|_| ()),
                ),
                (
                    "history_changes",
                    studio
                        .history_changes("orders", revision, 1)
                        .await
                        .map(|_| ()),
                ),
                (
                    "history_restore",
                    studio.history_restore("orders", revision).await.map(|_| ()),
                ),
            ] {
                let err = wire(result.expect_err(&format!("{what}({revision})")));
                assert_eq!(
                    err.code,
                    ErrorCode::NotFound,
                    "{what}({revision}): {}",
                    err.message
                );
                assert!(
                    err.message.contains(&format!("no revision {revision}"))
                        && err.message.contains("1 to 1"),
                    "{what}({revision}): {}",
                    err.message
                );
            }
            // A save on top of a revision that never was is not a conflict
            // with someone else's save: the revision is not there.
            let mut edited = canvas("orders");
            edited.product.purpose = format!("based on {revision}");
            let err = wire(
                studio
                    .canvas_save(edited, revision, "edit")
                    .await
                    .expect_err("no such base"),
            );
            assert_eq!(
                err.code,
                ErrorCode::NotFound,
                "base {revision}: {}",
                err.message
            );
            assert!(
                err.message.contains(&format!("no revision {revision}")),
                "base {revision}: {}",
                err.message
            );
        }
        assert_eq!(saved_state(&studio).await, before);
    });
}

#[test]
fn an_export_into_a_folder_that_is_not_a_bundle_is_refused_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A home folder of someone's, with work in it.
    let home = dir.path().join("home");
    std::fs::create_dir_all(home.join("projects/site")).expect("mkdir");
    std::fs::write(home.join("projects/site/index.yaml"), "title: my site\n").expect("write");
    std::fs::write(home.join(".bashrc"), "export X=1\n").expect("write");
    let link_to_etc = dir.path().join("etc-link");
    std::os::unix::fs::symlink("/etc", &link_to_etc).expect("symlink");
    let link_to_zero = dir.path().join("zero-link");
    std::os::unix::fs::symlink("/dev/zero", &link_to_zero).expect("symlink");
    let fifo = dir.path().join("fifo");
    crate::util::mkfifo(&fifo);
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let ws_file = PathBuf::from(studio.workspace_info().await.expect("info").path);
        let ws_dir = ws_file.parent().expect("folder").to_path_buf();
        let before = tree(dir.path());
        let ids = vec!["orders".to_owned()];
        let cases: Vec<(PathBuf, &str)> = vec![
            (ws_dir.clone(), "not a mesh canvas bundle"),
            (ws_file.clone(), "not a folder"),
            (home.clone(), "not a mesh canvas bundle"),
            (home.join("projects/site"), "not a mesh canvas bundle"),
            (link_to_etc.clone(), "not a folder"),
            (link_to_zero.clone(), "not a folder"),
            (fifo.clone(), "not a folder"),
            (PathBuf::from("/"), "holds it"),
            (PathBuf::from("/proc/self"), "not a folder"),
            (PathBuf::from("/dev/zero"), "not a folder"),
        ];
        for (out, says) in cases {
            let err = wire(
                studio
                    .export_bundle(&ids, &out, &allow())
                    .await
                    .expect_err(&format!("export into {}", out.display())),
            );
            assert_eq!(
                err.code,
                ErrorCode::Io,
                "{}: {}",
                out.display(),
                err.message
            );
            assert!(
                err.message.contains(&out.display().to_string())
                    && err.message.to_lowercase().contains(says),
                "{}: expected the path and {says:?} in: {}",
                out.display(),
                err.message
            );
        }
        assert_eq!(tree(dir.path()), before, "a refused export changed files");
        assert_eq!(
            studio
                .canvas_load("orders")
                .await
                .expect("still loads")
                .revision,
            1
        );
    });
}

#[test]
fn an_export_never_replaces_a_bundle_folder_holding_files_the_bundle_did_not_write() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bundle");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let ids = vec!["orders".to_owned()];
        studio
            .export_bundle(&ids, &out, &allow())
            .await
            .expect("first export");
        // Exporting again over the bundle as it was written replaces it.
        studio
            .export_bundle(&ids, &out, &allow())
            .await
            .expect("export over its own bundle");

        // The user keeps the bundle under version control, and a workspace
        // beside the manifests.
        std::fs::create_dir_all(out.join(".git")).expect("mkdir");
        std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").expect("write");
        let before = tree(&out);
        let err = wire(
            studio
                .export_bundle(&ids, &out, &allow())
                .await
                .expect_err("a bundle folder with the user's own files"),
        );
        assert_eq!(err.code, ErrorCode::Io, "{}", err.message);
        assert!(
            err.message.contains(".git") && err.message.contains(&out.display().to_string()),
            "names the folder and what the bundle did not write: {}",
            err.message
        );
        assert_eq!(tree(&out), before, "the folder was changed");
        std::fs::remove_dir_all(out.join(".git")).expect("rm");

        // The open workspace itself, moved into the bundle folder.
        let inside = out.join("team.meshcanvas.db");
        let other = Studio::new(standards(), None, "tester");
        other
            .workspace_create(&inside)
            .await
            .expect("workspace in the bundle folder");
        other
            .canvas_create(canvas("payments"))
            .await
            .expect("payments");
        let err = wire(
            other
                .export_bundle(&["payments".to_owned()], &out, &allow())
                .await
                .expect_err("the folder holds the open workspace"),
        );
        assert!(
            err.message.contains("team.meshcanvas.db"),
            "{}",
            err.message
        );
        assert!(inside.is_file(), "the workspace was deleted by an export");
        assert_eq!(
            other
                .canvas_load("payments")
                .await
                .expect("still loads")
                .revision,
            1
        );
    });
}

#[test]
fn export_of_ids_that_do_not_exist_or_were_deleted_is_not_found_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("bundle");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        studio
            .canvas_create(canvas("returns"))
            .await
            .expect("returns");
        studio.canvas_delete("returns").await.expect("delete");
        for ids in [
            vec!["nope".to_owned()],
            vec!["orders".to_owned(), "returns".to_owned()],
            vec!["orders".to_owned(), "ORDERS".to_owned()],
        ] {
            let err = wire(
                studio
                    .export_bundle(&ids, &out, &allow())
                    .await
                    .expect_err(&format!("{ids:?}")),
            );
            assert_eq!(err.code, ErrorCode::NotFound, "{ids:?}: {}", err.message);
            assert!(!out.exists(), "{ids:?}: something was written");
        }
        // The same id twice is the one product once.
        let summary = studio
            .export_bundle(&["orders".to_owned(), "orders".to_owned()], &out, &allow())
            .await
            .expect("export");
        assert_eq!(summary.deployment_order, ["orders"]);
    });
}

#[test]
fn a_save_or_restore_of_a_deleted_canvas_is_refused_and_it_stays_off_the_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let stale = studio.canvas_load("orders").await.expect("load");
        // Another window deletes it; this one still autosaves its edit.
        studio.canvas_delete("orders").await.expect("delete");
        let mut edited = stale.canvas.clone();
        edited.product.purpose = "Edited in a window that missed the delete".to_owned();
        let err = wire(
            studio
                .canvas_save(edited.clone(), stale.revision, "autosave")
                .await
                .expect_err("saving a deleted canvas"),
        );
        assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);
        assert!(
            err.message.contains("\"orders\"") && err.message.contains("deleted"),
            "{}",
            err.message
        );
        let err = wire(
            studio
                .canvas_save_point(edited, stale.revision, "v1")
                .await
                .expect_err("a save point of a deleted canvas"),
        );
        assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);
        let err = wire(
            studio
                .history_restore("orders", 1)
                .await
                .expect_err("restoring a deleted canvas"),
        );
        assert!(err.message.contains("deleted"), "{}", err.message);
        assert!(studio.mesh_graph().await.expect("map").nodes.is_empty());
        assert!(studio.canvas_list().await.expect("list").is_empty());
        // Brought back, it is as it was when deleted.
        let back = studio.canvas_bring_back("orders").await.expect("back");
        assert_eq!(back.canvas, stale.canvas);
        assert_eq!(
            studio.history_list("orders").await.expect("history").len(),
            1
        );
    });
}

#[test]
fn a_new_canvas_with_the_id_of_a_deleted_one_is_refused_saying_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        studio.canvas_delete("orders").await.expect("delete");
        let err = wire(
            studio
                .canvas_create(canvas("orders"))
                .await
                .expect_err("the id of a deleted canvas"),
        );
        assert_eq!(err.code, ErrorCode::InvalidArgument, "{}", err.message);
        assert!(
            err.message.contains("\"orders\"") && err.message.contains("deleted"),
            "{}",
            err.message
        );
        assert_eq!(studio.canvas_deleted().await.expect("deleted").len(), 1);
    });
}

#[test]
fn a_save_on_another_canvas_revision_or_an_old_one_saves_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let mut returns = canvas("returns");
        studio
            .canvas_create(returns.clone())
            .await
            .expect("returns");
        for purpose in ["a", "b"] {
            let newest = studio.canvas_load("returns").await.expect("load").revision;
            returns.product.purpose = purpose.to_owned();
            studio
                .canvas_save(returns.clone(), newest, purpose)
                .await
                .expect("save");
        }
        let before = saved_state(&studio).await;
        let mut orders = canvas("orders");
        orders.product.purpose = "x".to_owned();
        // Revision 3 is returns' newest, not one of orders.
        let err = wire(
            studio
                .canvas_save(orders.clone(), 3, "edit")
                .await
                .expect_err("another canvas's revision"),
        );
        assert_eq!(err.code, ErrorCode::NotFound, "{}", err.message);
        // Returns' old revision: a conflict naming the newest.
        returns.product.purpose = "stale".to_owned();
        let err = wire(
            studio
                .canvas_save(returns, 1, "stale")
                .await
                .expect_err("stale"),
        );
        assert_eq!(err.code, ErrorCode::Conflict, "{}", err.message);
        assert!(err.message.contains("revision 3"), "{}", err.message);
        assert_eq!(saved_state(&studio).await, before);
    });
}

#[test]
fn import_files_that_are_not_canvases_or_manifests_are_refused_by_name_without_hanging() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let fifo = d.join("pipe.canvas.json");
    crate::util::mkfifo(&fifo);
    let fifo_manifest = d.join("pipe.odcs.yaml");
    crate::util::mkfifo(&fifo_manifest);
    let zero = d.join("zero.canvas.json");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let zero_manifest = d.join("zero.odps.yaml");
    std::os::unix::fs::symlink("/dev/zero", &zero_manifest).expect("symlink");
    let folder = d.join("folder.canvas.json");
    std::fs::create_dir(&folder).expect("mkdir");
    let passwd = d.join("passwd.canvas.json");
    std::os::unix::fs::symlink("/etc/passwd", &passwd).expect("symlink");
    let binary = d.join("binary.canvas.json");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x7b]).expect("write");
    let long = d.join(format!("{}.canvas.json", "x".repeat(5000)));
    runtime().block_on(async {
        let studio = studio_with_orders(d).await;
        let before = saved_state(&studio).await;
        let cases: Vec<(PathBuf, &str)> = vec![
            (fifo, "not a regular file"),
            (fifo_manifest, "not a regular file"),
            (zero, "not a regular file"),
            (zero_manifest, "not a regular file"),
            (PathBuf::from("/dev/zero"), "not a regular file"),
            (folder, "is a folder"),
            (passwd, "expected a canvas"),
            (binary, "utf-8"),
            (long, "name too long"),
            (d.join("missing.canvas.json"), "no such file"),
            (PathBuf::from("/etc/passwd"), "passwd"),
            (PathBuf::from("/proc/self/status"), "status"),
        ];
        for (path, says) in cases {
            let err = wire(
                studio
                    .import_files(std::slice::from_ref(&path))
                    .await
                    .expect_err(&format!("import {}", path.display())),
            );
            let shown = path.display().to_string();
            assert!(
                err.message.contains(&shown[..shown.len().min(60)])
                    && err.message.to_lowercase().contains(says),
                "{shown}: expected the path and {says:?} in: {}",
                err.message
            );
        }
        assert_eq!(saved_state(&studio).await, before);
    });
}

#[test]
fn import_choices_are_saved_all_together_or_not_at_all() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let before = saved_state(&studio).await;
        let new = |canvas: Canvas, id: &str| ImportChoice {
            canvas,
            action: ImportAction::New {
                id: id.to_owned(),
                name: format!("Product {id}"),
            },
        };
        let mut newer = canvas("future");
        newer.format_version = 99;
        let mut zero = canvas("zero");
        zero.format_version = 0;
        let mut deep = canvas("deep");
        let mut field = meshcanvas::model::Field {
            name: "leaf".to_owned(),
            ..Default::default()
        };
        for i in 0..=meshcanvas::model::MAX_FIELD_DEPTH {
            field = meshcanvas::model::Field {
                name: format!("level_{i}"),
                logical_type: meshcanvas::model::LogicalType::Object,
                fields: vec![field],
                ..Default::default()
            };
        }
        deep.output_ports.push(OutputPort {
            id: "deep".to_owned(),
            name: "Deep".to_owned(),
            objects: vec![meshcanvas::model::SchemaObject::table("t", vec![field])],
            ..OutputPort::default()
        });
        let mut replaced = canvas("orders");
        replaced.product.purpose = "replaced".to_owned();
        for bad in [
            new(newer, "future"),
            new(zero, "zero"),
            new(deep, "deep"),
            new(canvas("con"), "con"),
        ] {
            let choices = vec![
                new(canvas("payments"), "payments"),
                ImportChoice {
                    canvas: replaced.clone(),
                    action: ImportAction::Replace {
                        id: "orders".to_owned(),
                    },
                },
                bad,
            ];
            let err = studio.import_commit(choices).await.expect_err("refused");
            let err = wire(err);
            assert_ne!(err.code, ErrorCode::Storage, "{}", err.message);
            assert_eq!(
                saved_state(&studio).await,
                before,
                "an import refused for its last choice ({}) saved the others",
                err.message
            );
        }
        // The same file chosen twice as new, under one id: refused as given twice.
        let err = wire(
            studio
                .import_commit(vec![
                    new(canvas("payments"), "payments"),
                    new(canvas("payments"), "payments"),
                ])
                .await
                .expect_err("twice"),
        );
        assert!(err.message.contains("given to two"), "{}", err.message);
        // Twice under two ids, and a replace and an attach of one product
        // in one batch: each applies on top of the one before.
        let mut port_source = canvas("extra");
        port_source.output_ports.push(OutputPort {
            id: "extra".to_owned(),
            name: "Extra".to_owned(),
            ..OutputPort::default()
        });
        let saved = studio
            .import_commit(vec![
                new(canvas("payments"), "payments"),
                new(canvas("payments"), "payments-2"),
                ImportChoice {
                    canvas: replaced.clone(),
                    action: ImportAction::Replace {
                        id: "orders".to_owned(),
                    },
                },
                ImportChoice {
                    canvas: port_source,
                    action: ImportAction::Attach {
                        id: "orders".to_owned(),
                    },
                },
            ])
            .await
            .expect("applies");
        assert_eq!(
            saved.iter().map(|s| s.revision).collect::<Vec<_>>(),
            [1, 1, 2, 3]
        );
        let orders = studio.canvas_load("orders").await.expect("orders");
        assert_eq!(orders.revision, 3);
        assert_eq!(orders.canvas.product.purpose, "replaced");
        assert_eq!(orders.canvas.output_ports.len(), 1);
    });
}

/// A canvas as the web view sends it: JSON text read by serde, as Tauri
/// reads a command's arguments (so with `serde_json`'s nesting limit).
fn from_wire(json: &serde_json::Value) -> Canvas {
    let text = serde_json::to_string(json).expect("json");
    serde_json::from_str(&text).expect("a canvas serde accepts")
}

/// `levels` objects nested in one another, a number at the bottom.
fn nested(levels: usize) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_str("1.50").expect("number");
    for _ in 0..levels {
        v = serde_json::json!({ "in": v });
    }
    v
}

/// Extensions with numbers no double holds, keys no format expects and
/// nesting as deep as the wire lets through.
fn odd_extensions(depth: usize) -> serde_json::Value {
    let numbers: serde_json::Value = serde_json::from_str(
        r#"{"big": 123456789012345678901234567890, "huge": 1e400, "tiny": -1e-400,
            "exact": 0.1000000000000000055511151231257827, "negZero": -0,
            "i64max": 9223372036854775807, "u64over": 18446744073709551616}"#,
    )
    .expect("numbers");
    serde_json::json!({
        "numbers": numbers,
        "": "empty key",
        "__proto__": { "polluted": true },
        "constructor": "c",
        "a.b/c~d": "pointer characters",
        "key\nwith: yaml": "- not a list",
        "\u{1b}[31m": "escape",
        "k".repeat(10_000): "long key",
        "nul\u{0}key": "nul",
        "deep": nested(depth),
        "yes": "no",
        "null": null,
        "on": ["off", "~", "null", "1e3", "0x10", "2026-01-01"],
    })
}

fn canvas_with_extensions(id: &str, depth: usize) -> Canvas {
    let mut json = serde_json::to_value(canvas(id)).expect("json");
    json["extensions"] = odd_extensions(depth);
    let mut port = serde_json::to_value(OutputPort {
        id: "events".to_owned(),
        name: "Events".to_owned(),
        ..OutputPort::default()
    })
    .expect("json");
    port["extensions"] = odd_extensions(depth);
    json["outputPorts"] = serde_json::json!([port]);
    from_wire(&json)
}

#[test]
fn odd_extensions_survive_save_load_export_and_import_exactly() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        // Deep, within the canvas's limit (see the test below for the
        // deepest there is).
        let depth = 60;
        let odd = canvas_with_extensions("odd", depth);
        let created = studio.canvas_create(odd.clone()).await.expect("create");
        let loaded = studio.canvas_load("odd").await.expect("load");
        assert_eq!(loaded.canvas, odd);
        let text = meshcanvas::format::to_canonical_json(&loaded.canvas);
        // serde_json's reader writes an exponent with its sign: the same
        // number, exactly.
        for number in [
            "123456789012345678901234567890",
            "1e+400",
            "-1e-400",
            "0.1000000000000000055511151231257827",
            "18446744073709551616",
        ] {
            assert!(
                text.contains(number),
                "{number} was not kept: {}",
                &text[text.find("\"numbers\"").unwrap_or(0)..][..400]
            );
        }
        // An autosave from the web view (doubles) keeps what was written.
        let mut edited: serde_json::Value = serde_json::to_value(&loaded.canvas).expect("json");
        edited["extensions"]["numbers"]["big"] = serde_json::json!(1.234_567_890_123_456_8e29);
        edited["product"]["purpose"] = serde_json::json!("edited");
        let saved = studio
            .canvas_save(from_wire(&edited), created.revision, "edit")
            .await
            .expect("save");
        assert!(
            meshcanvas::format::to_canonical_json(&saved.canvas)
                .contains("123456789012345678901234567890")
        );

        for encoding in [
            meshcanvas::wire::ManifestEncoding::Yaml,
            meshcanvas::wire::ManifestEncoding::Json,
        ] {
            let back = &from_manifests(&studio, "odd", dir.path(), encoding).await;
            assert_eq!(
                back.extensions, saved.canvas.extensions,
                "{encoding:?}: the product's extensions changed"
            );
            assert_eq!(
                back.output_ports[0].extensions, saved.canvas.output_ports[0].extensions,
                "{encoding:?}: the port's extensions changed"
            );
        }
    });
}

#[test]
fn numbers_beyond_a_double_in_typed_fields_are_refused_or_kept_never_saved_unreadable() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let base = serde_json::to_value(canvas("orders")).expect("json");
        for (place, value) in [
            ("/layout/cards", r#"{"product": {"x": 1e400, "y": -1e400}}"#),
            ("/layout/viewport", r#"{"x": 1e309, "y": 0, "zoom": 1e-400}"#),
            (
                "/outputPorts",
                r#"[{"id": "p", "name": "P", "slos": [{"dimension": "freshness", "target": 1e999, "unit": "hours"}]}]"#,
            ),
        ] {
            let mut json = base.clone();
            let key = place.rsplit('/').next().expect("key");
            let value: serde_json::Value = serde_json::from_str(value).expect("value");
            if place.starts_with("/layout/") {
                json["layout"][key] = value;
            } else {
                json[key] = value;
            }
            let text = serde_json::to_string(&json).expect("json");
            // Tauri reads the arguments with serde: a number too large for
            // a double may be refused there already.
            let Ok(edited) = serde_json::from_str::<Canvas>(&text) else {
                continue;
            };
            match studio.canvas_save(edited, 1, place).await {
                Err(e) => {
                    let err = wire(e);
                    assert_eq!(err.code, ErrorCode::InvalidCanvas, "{place}: {}", err.message);
                    assert!(err.message.contains(place), "{place}: {}", err.message);
                }
                Ok(saved) => {
                    studio.canvas_load("orders").await.unwrap_or_else(|e| {
                        panic!("{place}: saved as revision {} but no longer loads: {e}", saved.revision)
                    });
                }
            }
            assert!(studio.canvas_load("orders").await.is_ok(), "{place}");
        }
    });
}

/// A canvas with `n` output ports (each a card on the board, with a
/// position) and `n` consumers.
fn wide_canvas(id: &str, n: usize) -> Canvas {
    let mut c = canvas(id);
    for i in 0..n {
        c.output_ports.push(OutputPort {
            id: format!("port-{i}"),
            name: format!("Port {i}"),
            description: "One row per event.".to_owned(),
            objects: vec![meshcanvas::model::SchemaObject::table(
                "t",
                vec![meshcanvas::model::Field {
                    name: "id".to_owned(),
                    ..Default::default()
                }],
            )],
            ..OutputPort::default()
        });
        c.consumers.push(meshcanvas::model::Consumer {
            id: format!("consumer-{i}"),
            name: format!("Consumer {i}"),
            ..Default::default()
        });
        c.layout.cards.insert(
            format!("output:port-{i}"),
            meshcanvas::model::Position {
                x: f64::from(u32::try_from(i).expect("small")),
                y: 0.0,
            },
        );
    }
    c
}

#[test]
fn a_canvas_of_five_thousand_ports_and_consumers_saves_checks_and_exports() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let wide = wide_canvas("wide", 5000);
        let created = studio.canvas_create(wide.clone()).await.expect("create");
        let findings = studio.check_draft(wide.clone()).await.expect("check");
        assert!(
            !findings.is_empty(),
            "a skeleton with 5,000 bare ports has findings"
        );
        // Every standard ran: `card-ids-unique` compared every card with
        // every other (25 million comparisons here) and ran out of time.
        let not_run: Vec<_> = findings
            .iter()
            .filter(|f| f.message.starts_with("this standard could not be checked"))
            .map(|f| (&f.rule_id, &f.message))
            .collect();
        assert!(not_run.is_empty(), "{not_run:?}");
        let mut edited = wide.clone();
        edited.output_ports[4999].description = "edited".to_owned();
        let saved = studio
            .canvas_save(edited.clone(), created.revision, "edit")
            .await
            .expect("save");
        assert_eq!(
            studio.canvas_load("wide").await.expect("load").canvas,
            edited
        );
        let diff = studio
            .history_diff("wide", created.revision, saved.revision)
            .await
            .expect("diff");
        assert_eq!(diff.entries.len(), 1, "{:?}", diff.entries);
        let files = studio
            .export_preview(&["wide".to_owned()], &allow())
            .await
            .expect("export");
        assert_eq!(files.iter().filter(|f| f.kind == "odcs").count(), 5000);
        assert_eq!(studio.mesh_graph().await.expect("map").nodes.len(), 2);
    });
}

#[test]
fn a_canvas_larger_than_a_canvas_file_may_be_is_not_saved_and_names_its_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let before = saved_state(&studio).await;
        let mut huge = canvas("orders");
        huge.product.purpose = "x".repeat(50 * 1024 * 1024);
        let err = wire(
            studio
                .canvas_save(huge.clone(), 1, "huge")
                .await
                .expect_err("50 MB canvas"),
        );
        assert_eq!(err.code, ErrorCode::InvalidCanvas, "{}", err.message);
        assert!(
            err.message.contains("\"orders\"") && err.message.contains("16.0 MiB"),
            "{}",
            err.message
        );
        huge.product.id = "huge".to_owned();
        assert!(studio.canvas_create(huge.clone()).await.is_err());
        assert!(
            studio.check_draft(huge).await.is_ok(),
            "a draft is only checked"
        );
        assert_eq!(saved_state(&studio).await, before);

        // Just under the limit, it is saved.
        let mut big = canvas("big");
        big.product.purpose = "x".repeat(15 * 1024 * 1024);
        studio.canvas_create(big).await.expect("15 MiB");
    });
}

/// The canvas `id` exported in `encoding` into a folder below `dir` and
/// imported back from its manifests alone: the canvas file beside them would
/// give the canvas back exactly whatever the manifests lost.
async fn from_manifests(
    studio: &Studio,
    id: &str,
    dir: &Path,
    encoding: meshcanvas::wire::ManifestEncoding,
) -> Canvas {
    let out = dir.join(format!("{id}-{encoding:?}"));
    let options = ExportOptions {
        encoding,
        ..allow()
    };
    let summary = studio
        .export_bundle(&[id.to_owned()], &out, &options)
        .await
        .unwrap_or_else(|e| panic!("{encoding:?} export: {e}"));
    let files: Vec<PathBuf> = summary
        .files
        .iter()
        .filter(|f| !f.starts_with("index.") && !f.starts_with("canvases/"))
        .map(|f| out.join(f))
        .collect();
    let mut items = studio
        .import_files(&files)
        .await
        .unwrap_or_else(|e| panic!("{encoding:?}: what export wrote does not import: {e}"));
    assert_eq!(items.len(), 1, "{encoding:?}: one canvas");
    items.remove(0).imported.canvas
}

/// A canvas whose one output port has extensions `levels` objects deep.
fn deep_port_canvas(id: &str, levels: usize) -> Canvas {
    let mut json = serde_json::to_value(canvas(id)).expect("json");
    let mut port = serde_json::to_value(OutputPort {
        id: "events".to_owned(),
        name: "Events".to_owned(),
        ..OutputPort::default()
    })
    .expect("json");
    port["extensions"] = serde_json::json!({ "deep": nested(levels) });
    json["outputPorts"] = serde_json::json!([port]);
    from_wire(&json)
}

#[test]
fn the_deepest_canvas_the_format_accepts_comes_back_from_its_manifests_and_one_level_more_is_refused()
 {
    // The wire lets through what serde_json reads (128 levels); the format
    // takes MAX_CANVAS_DEPTH: the root, `outputPorts`, the port and its
    // `extensions` hold the first four levels.
    let levels = (1..120)
        .take_while(|&l| meshcanvas::model::too_deep_json(&deep_port_canvas("deep", l)).is_none())
        .last()
        .expect("some depth fits");
    assert_eq!(levels + 4, meshcanvas::model::MAX_CANVAS_DEPTH);

    let dir = tempfile::tempdir().expect("tempdir");
    runtime().block_on(async {
        let studio = studio_with_orders(dir.path()).await;
        let deepest = deep_port_canvas("deep", levels);
        let saved = studio
            .canvas_create(deepest.clone())
            .await
            .expect("the deepest saves");
        assert_eq!(saved.canvas, deepest);
        // What export writes, import reads: the manifests alone, both encodings.
        for encoding in [
            meshcanvas::wire::ManifestEncoding::Yaml,
            meshcanvas::wire::ManifestEncoding::Json,
        ] {
            let back = from_manifests(&studio, "deep", dir.path(), encoding).await;
            assert_eq!(
                back.output_ports[0].extensions, deepest.output_ports[0].extensions,
                "{encoding:?}"
            );
        }

        // One level more is refused when it is saved, naming the place.
        let err = wire(
            studio
                .canvas_create(deep_port_canvas("deeper", levels + 1))
                .await
                .expect_err("one level deeper is refused"),
        );
        assert_eq!(err.code, ErrorCode::InvalidCanvas, "{}", err.message);
        assert!(
            err.message.contains("/outputPorts/0/extensions/deep"),
            "{}",
            err.message
        );
        assert!(err.message.contains("100 levels"), "{}", err.message);
    });
}
