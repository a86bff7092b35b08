//! The workspace store against real SQLite files in temporary folders:
//! revisions are never overwritten, concurrent writers lose nothing, history,
//! restore and diff work, folders round-trip byte for byte, a process killed
//! mid-import leaves all or nothing, and damaged, foreign or newer files are
//! refused without being touched.

use std::path::{Path, PathBuf};

use meshcanvas::Canvas;
use meshcanvas::model::{DataClassification, Field, LogicalType, OutputPort, PortKind};
use meshcanvas::store::{SaveConflict, StoreError, Workspace};
use meshcanvas::wire::{ChangeKind, ErrorCode};
use predicates::prelude::PredicateBooleanExt as _;
use sqlx::Connection as _;

use crate::util;

fn canvas(id: &str) -> Canvas {
    let mut c = Canvas::skeleton(id, &format!("Product {id}"), "sales");
    c.output_ports.push(OutputPort {
        id: "main".to_owned(),
        name: "Main table".to_owned(),
        kind: PortKind::Table,
        objects: vec![meshcanvas::model::SchemaObject::table(
            "t",
            vec![
                Field {
                    name: "id".to_owned(),
                    logical_type: LogicalType::String,
                    primary_key: true,
                    ..Field::default()
                },
                Field {
                    name: "email".to_owned(),
                    logical_type: LogicalType::String,
                    ..Field::default()
                },
            ],
        )],
        ..OutputPort::default()
    });
    c
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

async fn new_workspace(dir: &Path) -> (Workspace, PathBuf) {
    let path = dir.join("ws.meshcanvas.db");
    (
        Workspace::create(&path).await.expect("create workspace"),
        path,
    )
}

/// A raw connection to a workspace file, for what the public API must not
/// be able to do, or to check the database itself.
async fn raw(path: &Path) -> sqlx::SqliteConnection {
    let opts = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    sqlx::SqliteConnection::connect_with(&opts)
        .await
        .expect("raw connection")
}

async fn integrity(path: &Path) -> String {
    let mut conn = raw(path).await;
    let (result,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .expect("integrity_check runs");
    conn.close().await.expect("close");
    result
}

#[tokio::test]
async fn saves_add_revisions_and_never_overwrite() {
    let dir = temp();
    let (ws, path) = new_workspace(dir.path()).await;
    let mut c = canvas("orders");
    assert_eq!(
        ws.save(&c, None, "ada", "first draft")
            .await
            .expect("create"),
        1
    );
    c.product.purpose = "Every order".to_owned();
    assert_eq!(
        ws.save(&c, Some(1), "ada", "purpose").await.expect("save"),
        2
    );
    c.product.purpose = "Every order, as placed".to_owned();
    assert_eq!(
        ws.save(&c, Some(2), "bob", "sharper purpose")
            .await
            .expect("save"),
        3
    );

    // Saving what revision 3 already holds adds nothing.
    assert_eq!(
        ws.save(&c, Some(3), "bob", "autosave")
            .await
            .expect("no-op save"),
        3
    );

    let loaded = ws.load("orders").await.expect("load");
    assert_eq!(loaded.revision, 3);
    assert_eq!(loaded.canvas, c);
    assert_eq!(
        ws.revision("orders", 1)
            .await
            .expect("rev 1")
            .canvas
            .product
            .purpose,
        ""
    );
    assert_eq!(
        ws.revision("orders", 2)
            .await
            .expect("rev 2")
            .canvas
            .product
            .purpose,
        "Every order"
    );

    let history = ws.history("orders").await.expect("history");
    let summary: Vec<(i64, &str, &str)> = history
        .iter()
        .map(|r| (r.revision, r.author.as_str(), r.message.as_str()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, "ada", "first draft"),
            (2, "ada", "purpose"),
            (3, "bob", "sharper purpose")
        ]
    );

    let list = ws.list().await.expect("list");
    assert_eq!(list.len(), 1);
    assert_eq!((list[0].id.as_str(), list[0].revision), ("orders", 3));
    ws.close().await;

    // The database itself refuses to change or drop a revision.
    let mut conn = raw(&path).await;
    let update = sqlx::query("UPDATE revisions SET document = '{}' WHERE canvas_id = 'orders'")
        .execute(&mut conn)
        .await;
    assert!(update.is_err(), "a revision was overwritten");
    let delete = sqlx::query("DELETE FROM revisions")
        .execute(&mut conn)
        .await;
    assert!(delete.is_err(), "a revision was deleted");
    conn.close().await.expect("close");

    let ws = Workspace::open(&path).await.expect("reopen");
    assert_eq!(ws.history("orders").await.expect("history").len(), 3);
    assert!(matches!(
        ws.revision("orders", 9).await,
        Err(StoreError::RevisionNotFound { latest: 3, .. })
    ));
    assert!(matches!(
        ws.load("nope").await,
        Err(StoreError::CanvasNotFound { .. })
    ));
}

#[tokio::test]
async fn a_stale_save_is_a_conflict_carrying_both_revisions() {
    let dir = temp();
    let (alice, path) = new_workspace(dir.path()).await;
    let bob = Workspace::open(&path).await.expect("second handle");
    alice
        .save(&canvas("orders"), None, "alice", "create")
        .await
        .expect("create");

    let mut a = alice.load("orders").await.expect("load").canvas;
    let mut b = bob.load("orders").await.expect("load").canvas;
    a.product.purpose = "alice's purpose".to_owned();
    b.product.tags.push("gold".to_owned());
    assert_eq!(
        alice
            .save(&a, Some(1), "alice", "purpose")
            .await
            .expect("first save wins"),
        2
    );

    let err = bob
        .save(&b, Some(1), "bob", "tag")
        .await
        .expect_err("stale base");
    let meshcanvas::Error::Store(StoreError::Conflict(conflict)) = meshcanvas::Error::from(err)
    else {
        panic!("expected a conflict");
    };
    let SaveConflict {
        canvas_id,
        base,
        current,
        current_canvas,
    } = *conflict;
    assert_eq!(canvas_id, "orders");
    let base = base.expect("the base revision is named");
    assert_eq!((base.revision, base.author.as_str()), (1, "alice"));
    assert_eq!((current.revision, current.author.as_str()), (2, "alice"));
    assert_eq!(current_canvas.product.purpose, "alice's purpose");

    // Bob merges onto the new base and saves: both changes are kept.
    let mut merged = current_canvas;
    merged.product.tags.push("gold".to_owned());
    assert_eq!(
        bob.save(&merged, Some(2), "bob", "tag")
            .await
            .expect("merged save"),
        3
    );
    let now = alice.load("orders").await.expect("load").canvas;
    assert_eq!(now.product.purpose, "alice's purpose");
    assert_eq!(now.product.tags, vec!["gold".to_owned()]);

    // Creating a canvas that exists is a conflict too, without a base.
    let err = bob
        .save(&canvas("orders"), None, "bob", "create again")
        .await
        .expect_err("exists");
    assert!(matches!(&err, StoreError::Conflict(c) if c.base.is_none() && c.current.revision == 3));
    assert_eq!(meshcanvas::Error::from(err).code(), ErrorCode::Conflict);
    assert_eq!(alice.history("orders").await.expect("history").len(), 3);
}

#[test]
fn concurrent_writers_lose_nothing() {
    const WRITERS: usize = 4;
    const EDITS: usize = 8;
    let dir = temp();
    let path = dir.path().join("ws.meshcanvas.db");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let ws = Workspace::create(&path).await.expect("create");
        ws.save(&canvas("orders"), None, "setup", "create")
            .await
            .expect("create");
        ws.close().await;
    });

    // Each writer is a thread with its own runtime and its own connections,
    // as a second process would be; each adds tags, retrying on conflicts
    // on top of the newest revision.
    let threads: Vec<_> = (0..WRITERS)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async move {
                    let ws = Workspace::open(&path).await.expect("open");
                    let mut conflicts = 0;
                    for e in 0..EDITS {
                        loop {
                            let stored = ws.load("orders").await.expect("load");
                            let mut c = stored.canvas;
                            c.product.tags.push(format!("w{w}-e{e}"));
                            match ws
                                .save(&c, Some(stored.revision), &format!("writer {w}"), "tag")
                                .await
                            {
                                Ok(_) => break,
                                Err(StoreError::Conflict(_)) => conflicts += 1,
                                Err(other) => panic!("writer {w}: {other}"),
                            }
                        }
                    }
                    ws.close().await;
                    conflicts
                })
            })
        })
        .collect();
    let conflicts: usize = threads.into_iter().map(|t| t.join().expect("writer")).sum();

    rt.block_on(async {
        let ws = Workspace::open(&path).await.expect("open");
        let last = ws.load("orders").await.expect("load");
        assert_eq!(
            last.revision,
            1 + i64::try_from(WRITERS * EDITS).expect("a small count"),
            "{conflicts} conflicts"
        );
        let mut tags = last.canvas.product.tags.clone();
        tags.sort();
        let mut expected: Vec<String> = (0..WRITERS)
            .flat_map(|w| (0..EDITS).map(move |e| format!("w{w}-e{e}")))
            .collect();
        expected.sort();
        assert_eq!(
            tags, expected,
            "every edit of every writer is in the newest revision"
        );
        let history = ws.history("orders").await.expect("history");
        assert_eq!(history.len(), 1 + WRITERS * EDITS);
        ws.check_integrity().await.expect("integrity");
    });
}

#[tokio::test]
async fn restore_and_diff_show_what_changed() {
    let dir = temp();
    let (ws, _) = new_workspace(dir.path()).await;
    let v1 = canvas("orders");
    ws.save(&v1, None, "ada", "create").await.expect("rev 1");
    let mut v2 = v1.clone();
    v2.output_ports.insert(
        0,
        OutputPort {
            id: "returns".to_owned(),
            name: "Returns".to_owned(),
            kind: PortKind::Stream,
            ..OutputPort::default()
        },
    );
    ws.save(&v2, Some(1), "ada", "add returns")
        .await
        .expect("rev 2");
    let mut v3 = v2.clone();
    v3.output_ports[1].objects[0].fields[1].pii = true;
    v3.output_ports[1].objects[0].fields[1].classification = Some(DataClassification::Restricted);
    v3.product.name = "Orders".to_owned();
    ws.save(&v3, Some(2), "bob", "email is PII")
        .await
        .expect("rev 3");

    let diff = ws.diff("orders", 1, 3).await.expect("diff");
    assert_eq!((diff.from_revision, diff.to_revision), (1, 3));
    let entries: Vec<(ChangeKind, &str, &str)> = diff
        .entries
        .iter()
        .map(|e| (e.kind, e.block.as_str(), e.label.as_str()))
        .collect();
    assert_eq!(
        entries,
        vec![
            (ChangeKind::Changed, "product", "product › name"),
            (ChangeKind::Added, "outputPorts", "output port \"returns\""),
            (
                ChangeKind::Added,
                "outputPorts",
                "output port \"main\" › field \"email\" › classification"
            ),
            (
                ChangeKind::Changed,
                "outputPorts",
                "output port \"main\" › field \"email\" › PII"
            ),
        ]
    );
    let pii = &diff.entries[3];
    assert_eq!(pii.pointer, "/outputPorts/1/objects/0/fields/1/pii");
    assert_eq!(pii.before, Some(serde_json::Value::Bool(false)));
    assert_eq!(pii.after, Some(serde_json::Value::Bool(true)));

    // Restoring adds revision 4 with revision 1's document; nothing is lost.
    assert_eq!(ws.restore("orders", 1, "carol").await.expect("restore"), 4);
    let now = ws.load("orders").await.expect("load");
    assert_eq!((now.revision, &now.canvas), (4, &v1));
    assert!(
        ws.diff("orders", 1, 4)
            .await
            .expect("diff")
            .entries
            .is_empty()
    );
    let history = ws.history("orders").await.expect("history");
    assert_eq!(history.len(), 4);
    assert_eq!(
        (history[3].author.as_str(), history[3].message.as_str()),
        ("carol", "restore revision 1")
    );
    assert_eq!(ws.revision("orders", 3).await.expect("rev 3").canvas, v3);
    assert!(matches!(
        ws.restore("orders", 7, "carol").await,
        Err(StoreError::RevisionNotFound { .. })
    ));
}

#[tokio::test]
async fn folders_round_trip_byte_for_byte() {
    let dir = temp();
    let (ws, _) = new_workspace(dir.path()).await;
    let source = util::fixture("store/folder");
    let report = ws.import_dir(&source, "ada").await.expect("import");
    assert_eq!(report.added.len(), 2);

    let out = dir.path().join("out");
    let exported = ws.export_dir(&out).await.expect("export");
    assert_eq!(exported.written.len(), 2);
    let files = util::files_below(&source);
    assert_eq!(util::files_below(&out), files);
    for f in &files {
        assert_eq!(
            std::fs::read(source.join(f)).expect("read"),
            std::fs::read(out.join(f)).expect("read"),
            "{} changed on the way through the workspace",
            f.display()
        );
    }

    // Importing the same folder again adds no revision.
    let again = ws.import_dir(&source, "ada").await.expect("re-import");
    assert_eq!(
        (
            again.added.len(),
            again.updated.len(),
            again.unchanged.len()
        ),
        (0, 0, 2)
    );
    assert_eq!(ws.history("orders").await.expect("history").len(), 1);

    // Change one canvas: only its file is rewritten, the other keeps its
    // exact bytes.
    let stored = ws.load("orders").await.expect("load");
    let mut c = stored.canvas;
    c.product.purpose = "Changed in the app".to_owned();
    ws.save(&c, Some(stored.revision), "ada", "purpose")
        .await
        .expect("save");
    let second = ws.export_dir(&out).await.expect("export");
    assert_eq!(second.written, vec![out.join("sales/orders.canvas.json")]);
    assert_eq!(
        second.unchanged,
        vec![out.join("marketing/minimal.canvas.json")]
    );
    assert_eq!(
        std::fs::read(out.join("marketing/minimal.canvas.json")).expect("read"),
        std::fs::read(source.join("marketing/minimal.canvas.json")).expect("read"),
    );
    let written =
        meshcanvas::format::read_canvas_file(&out.join("sales/orders.canvas.json")).expect("parse");
    assert_eq!(written, c);

    // A canvas created in the app is exported as <id>.canvas.json.
    ws.save(&canvas("returns"), None, "ada", "new")
        .await
        .expect("save");
    ws.export_dir(&out).await.expect("export");
    assert!(out.join("returns.canvas.json").is_file());
}

#[tokio::test]
async fn the_example_mesh_round_trips_and_diffs_by_card_id() {
    let dir = temp();
    let (ws, _) = new_workspace(dir.path()).await;
    let examples = util::repo_path("examples");
    let files = util::example_canvases();
    let report = ws
        .import_dir(&examples, "ada")
        .await
        .expect("import the examples");
    assert_eq!(report.added.len(), files.len());
    assert_eq!(ws.list().await.expect("list").len(), files.len());

    let out = dir.path().join("out");
    ws.export_dir(&out).await.expect("export");
    for file in &files {
        let rel = file.strip_prefix(&examples).expect("below examples");
        assert_eq!(
            std::fs::read(out.join(rel)).expect("exported"),
            std::fs::read(file).expect("read"),
            "{} changed on the way through the workspace",
            rel.display()
        );
    }

    // An edit deep in a real canvas is labelled by port id and field name.
    let stored = ws.load("orders").await.expect("load orders");
    let mut c = stored.canvas.clone();
    let port = c.output_ports.last_mut().expect("orders has output ports");
    let port_id = port.id.clone();
    let field = port.objects[0]
        .fields
        .last_mut()
        .expect("the port has a schema");
    let field_name = field.name.clone();
    field.description = "Edited in the app".to_owned();
    let rev = ws
        .save(&c, Some(stored.revision), "bob", "describe")
        .await
        .expect("save");
    let diff = ws.diff("orders", stored.revision, rev).await.expect("diff");
    assert_eq!(diff.entries.len(), 1, "{:?}", diff.entries);
    assert_eq!(
        diff.entries[0].label,
        format!("output port \"{port_id}\" › field \"{field_name}\" › description")
    );
    assert_eq!(diff.entries[0].block, "outputPorts");
}

#[tokio::test]
async fn an_import_with_a_bad_file_imports_nothing() {
    let dir = temp();
    let (ws, _) = new_workspace(dir.path()).await;
    let err = ws
        .import_dir(&util::fixture("store/broken"), "ada")
        .await
        .expect_err("bad file");
    let message = err.to_string();
    assert!(message.contains("bad.canvas.json"), "{message}");
    assert!(message.contains("/product/status"), "{message}");
    assert!(matches!(err, StoreError::Import { ref errors } if errors.len() == 1));
    assert!(
        ws.list().await.expect("list").is_empty(),
        "the good file was imported alone"
    );

    // Two files with one product id: nothing either.
    let twice = dir.path().join("twice");
    std::fs::create_dir_all(twice.join("b")).expect("mkdir");
    let good = util::fixture("store/broken/good.canvas.json");
    std::fs::copy(&good, twice.join("a.canvas.json")).expect("copy");
    std::fs::copy(&good, twice.join("b/a.canvas.json")).expect("copy");
    assert!(matches!(
        ws.import_dir(&twice, "ada").await,
        Err(StoreError::DuplicateCanvas { ref id, .. }) if id == "good"
    ));
    assert!(ws.list().await.expect("list").is_empty());
}

#[tokio::test]
async fn archived_canvases_leave_the_list_and_keep_their_revisions() {
    let dir = temp();
    let (ws, _) = new_workspace(dir.path()).await;
    ws.save(&canvas("a"), None, "ada", "create")
        .await
        .expect("save");
    ws.save(&canvas("b"), None, "ada", "create")
        .await
        .expect("save");
    ws.archive("a").await.expect("archive");
    let ids =
        |v: Vec<meshcanvas::store::CanvasRecord>| v.into_iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(ws.list().await.expect("list")), vec!["b"]);
    assert_eq!(ids(ws.archived().await.expect("archived")), vec!["a"]);
    let out = dir.path().join("out");
    ws.export_dir(&out).await.expect("export");
    assert!(!out.join("a.canvas.json").exists());
    assert_eq!(ws.history("a").await.expect("history").len(), 1);
    ws.unarchive("a").await.expect("unarchive");
    assert_eq!(ids(ws.list().await.expect("list")), vec!["a", "b"]);
}

#[tokio::test]
async fn standards_packs_are_recorded_by_version() {
    let dir = temp();
    let (ws, _) = new_workspace(dir.path()).await;
    assert!(
        ws.put_pack("global", "1.0.0", "rules: []\n")
            .await
            .expect("put")
    );
    assert!(
        !ws.put_pack("global", "1.0.0", "rules: []\n")
            .await
            .expect("same again")
    );
    assert!(matches!(
        ws.put_pack("global", "1.0.0", "rules: [x]\n").await,
        Err(StoreError::PackVersionExists { .. })
    ));
    assert!(
        ws.put_pack("global", "1.1.0", "rules: [x]\n")
            .await
            .expect("new version")
    );
    let packs = ws.packs().await.expect("packs");
    let versions: Vec<&str> = packs.iter().map(|p| p.version.as_str()).collect();
    assert_eq!(versions, vec!["1.0.0", "1.1.0"]);
    assert_eq!(
        ws.pack_document("global", "1.1.0")
            .await
            .expect("doc")
            .as_deref(),
        Some("rules: [x]\n")
    );
}

/// Writes `n` canonical canvas files into `dir`.
fn write_canvases(dir: &Path, n: usize) {
    std::fs::create_dir_all(dir).expect("mkdir");
    for i in 0..n {
        let mut c = canvas(&format!("product-{i:05}"));
        c.product.purpose = format!("Product number {i}, imported in one batch. ").repeat(8);
        std::fs::write(
            dir.join(format!("product-{i:05}.canvas.json")),
            meshcanvas::format::to_canonical_json(&c),
        )
        .expect("write canvas");
    }
}

#[cfg(unix)]
#[test]
fn sigkill_mid_import_leaves_all_or_nothing() {
    use std::os::unix::process::ExitStatusExt as _;
    const BATCH: usize = 10_000;
    let dir = temp();
    let input = dir.path().join("in");
    write_canvases(&input, BATCH);
    let db = dir.path().join("ws.meshcanvas.db");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let ws = Workspace::create(&db).await.expect("create");
        ws.save(&canvas("before"), None, "ada", "before the import")
            .await
            .expect("save");
        ws.close().await;
    });

    // The import stops half-way through its transaction and says so; it is
    // killed on that line, at a known point and never after it committed.
    const PAUSE_AFTER: usize = BATCH / 2;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("meshcanvas"))
        .args(["workspace", "import"])
        .arg(&input)
        .arg("--db")
        .arg(&db)
        .env(
            meshcanvas::store::sqlite::PAUSE_BATCH_ENV,
            PAUSE_AFTER.to_string(),
        )
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn the CLI");
    let stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut said = Vec::new();
    let mut paused = false;
    for line in std::io::BufRead::lines(stderr) {
        let line = line.expect("read the CLI's stderr");
        if line.starts_with(&format!("paused: {PAUSE_AFTER} revisions written")) {
            paused = true;
            break;
        }
        said.push(line);
    }
    if !paused {
        let status = child.wait().expect("wait");
        panic!(
            "the import ended ({status}) without reaching its pause: {}",
            said.join("\n")
        );
    }
    // Half the batch (~20 MiB) does not fit SQLite's page cache: the
    // transaction has spilled pages into the write-ahead log, uncommitted.
    let wal = dir.path().join("ws.meshcanvas.db-wal");
    let wal_size = std::fs::metadata(&wal).map_or(0, |m| m.len());
    assert!(
        wal_size > 4 * 1024 * 1024,
        "the log holds {wal_size} bytes of the open transaction"
    );
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL");

    assert_eq!(rt.block_on(integrity(&db)), "ok");
    rt.block_on(async {
        let ws = Workspace::open(&db)
            .await
            .expect("the workspace opens after the crash");
        ws.check_integrity().await.expect("integrity");
        let count = ws.list().await.expect("list").len();
        assert_eq!(
            count,
            1,
            "the killed import left {} of its canvases",
            count - 1
        );
        assert_eq!(ws.load("before").await.expect("load").revision, 1);
        // The same import, not killed, lands whole.
        let report = ws.import_dir(&input, "ada").await.expect("import");
        assert_eq!(report.added.len(), BATCH);
        assert_eq!(ws.list().await.expect("list").len(), BATCH + 1);
        ws.close().await;
    });
}

/// A workspace with a few canvases, closed (its log folded into the file).
async fn filled_workspace(dir: &Path, canvases: usize) -> PathBuf {
    let (ws, path) = new_workspace(dir).await;
    let batch: Vec<Canvas> = (0..canvases).map(|i| canvas(&format!("p{i}"))).collect();
    ws.save_all(&batch, "ada", "fill").await.expect("fill");
    ws.close().await;
    path
}

#[tokio::test]
async fn a_damaged_workspace_is_refused_and_left_untouched() {
    let dir = temp();
    let path = filled_workspace(dir.path(), 200).await;
    let good = std::fs::read(&path).expect("read");
    assert!(good.len() > 64 * 1024, "the workspace spans many pages");

    // Garbage over the middle of the file.
    let mut body = good.clone();
    let mid = body.len() / 2;
    for b in &mut body[mid - 8192..mid + 8192] {
        *b = 0xA5;
    }
    // A damaged database header (the page size is nonsense).
    let mut header = good.clone();
    header[16..24].copy_from_slice(&[0xFF; 8]);
    // Cut short.
    let truncated = good[..good.len() / 3].to_vec();

    for (name, bytes) in [("body", body), ("header", header), ("truncated", truncated)] {
        let damaged = dir.path().join(format!("{name}.meshcanvas.db"));
        std::fs::write(&damaged, &bytes).expect("write");
        let err = Workspace::open(&damaged).await.expect_err(name);
        assert!(matches!(err, StoreError::Corrupt { .. }), "{name}: {err}");
        let message = err.to_string();
        assert!(
            message.contains("damaged") && message.contains(&damaged.display().to_string()),
            "{message}"
        );
        assert_eq!(
            meshcanvas::Error::from(err).code(),
            ErrorCode::CorruptWorkspace
        );
        assert_eq!(
            std::fs::read(&damaged).expect("read"),
            bytes,
            "{name}: the file was changed"
        );
    }
}

#[tokio::test]
async fn a_file_that_is_not_a_workspace_is_refused_and_left_untouched() {
    let dir = temp();
    // Any other SQLite database.
    let other_db = dir.path().join("other.sqlite");
    {
        let opts = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&other_db)
            .create_if_missing(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&opts)
            .await
            .expect("create");
        sqlx::query("CREATE TABLE notes (body TEXT)")
            .execute(&mut conn)
            .await
            .expect("table");
        conn.close().await.expect("close");
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all\n".repeat(100)).expect("write");
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("write");
    let canvas_file = util::fixture("canvas/minimal.canvas.json");

    for path in [&other_db, &text, &empty, &canvas_file] {
        let before = std::fs::read(path).expect("read");
        let err = Workspace::open(path).await.expect_err("refused");
        assert!(
            matches!(err, StoreError::NotAWorkspace { .. }),
            "{}: {err}",
            path.display()
        );
        assert!(
            err.to_string().contains("not a Mesh Canvas workspace"),
            "{err}"
        );
        assert_eq!(
            std::fs::read(path).expect("read"),
            before,
            "{} was changed",
            path.display()
        );
        assert!(
            matches!(
                Workspace::create(path).await,
                Err(StoreError::AlreadyExists { .. })
            ),
            "create over an existing file"
        );
        assert_eq!(
            std::fs::read(path).expect("read"),
            before,
            "{} was changed",
            path.display()
        );
    }
    assert!(matches!(
        Workspace::open(&dir.path().join("missing.db")).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        !dir.path().join("missing.db").exists(),
        "open created a file"
    );
}

#[tokio::test]
async fn a_workspace_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = temp();
    let path = filled_workspace(dir.path(), 3).await;
    {
        let mut conn = raw(&path).await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .expect("fake a newer schema");
        conn.close().await.expect("close");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Workspace::open(&path).await.expect_err("newer");
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer Mesh Canvas"), "{err}");
    assert_eq!(meshcanvas::Error::from(err).code(), ErrorCode::NewerFormat);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "the file was changed"
    );
}

#[tokio::test]
async fn an_older_workspace_is_migrated_forward() {
    let dir = temp();
    let path = dir.path().join("old.meshcanvas.db");
    // A workspace as the first schema left it, with one canvas in it.
    {
        let opts = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let mut conn = sqlx::SqliteConnection::connect_with(&opts)
            .await
            .expect("create");
        meshcanvas::store::sqlite::migrator()
            .run_to(1, &mut conn)
            .await
            .expect("schema 1");
        let text =
            std::fs::read_to_string(util::fixture("canvas/minimal.canvas.json")).expect("read");
        sqlx::query(
            "INSERT INTO canvases (id, name, domain, status, archetype, version, latest_revision, file_path, \
             created_at, updated_at) VALUES ('minimal', 'Minimal', 'test', 'draft', 'source-aligned', '0.1.0', 1, \
             'minimal.canvas.json', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
        )
        .execute(&mut conn)
        .await
        .expect("canvas");
        sqlx::query(
            "INSERT INTO revisions (canvas_id, revision, document, sha256, author, message, created_at) \
             VALUES ('minimal', 1, $1, 'x', 'ada', 'old', '2025-01-01T00:00:00.000Z')",
        )
        .bind(&text)
        .execute(&mut conn)
        .await
        .expect("revision");
        let missing = sqlx::query("SELECT * FROM standards_packs")
            .execute(&mut conn)
            .await;
        assert!(missing.is_err(), "schema 1 has no packs table");
        conn.close().await.expect("close");
    }
    let ws = Workspace::open(&path).await.expect("open migrates");
    let list = ws.list().await.expect("list");
    assert_eq!(list.len(), 1);
    assert!(!list[0].archived);
    assert_eq!(ws.load("minimal").await.expect("load").revision, 1);
    assert!(
        ws.put_pack("global", "1.0.0", "{}")
            .await
            .expect("schema 2 table")
    );
    ws.close().await;

    let mut conn = raw(&path).await;
    let (version,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .expect("version");
    assert_eq!(version, Workspace::schema_version());
    conn.close().await.expect("close");
}

#[test]
fn cli_workspace_commands() {
    let dir = temp();
    let db = dir.path().join("team.meshcanvas.db");
    let db_arg = db.to_str().expect("utf-8 path");
    let source = util::fixture("store/folder");

    util::meshcanvas()
        .args(["workspace", "init", "--db", db_arg])
        .assert()
        .success();
    util::meshcanvas()
        .args(["workspace", "init", "--db", db_arg])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("exists already"));
    util::meshcanvas()
        .args(["workspace", "import"])
        .arg(&source)
        .args(["--db", db_arg, "--author", "ada"])
        .assert()
        .success()
        .stderr(predicates::str::contains("2 added"));
    // A folder with a canvas that does not read is a problem in the input
    // (exit 1, as the README says), and nothing of it is imported.
    let broken = dir.path().join("broken");
    std::fs::create_dir_all(&broken).expect("mkdir");
    std::fs::write(broken.join("bad.canvas.json"), "{\"bad\": ").expect("write");
    util::meshcanvas()
        .args(["workspace", "import"])
        .arg(&broken)
        .args(["--db", db_arg])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("nothing was imported"))
        .stderr(predicates::str::contains("bad.canvas.json"));
    // An id no file can carry is named with its file, and a long one is
    // not echoed whole.
    let ids = dir.path().join("ids");
    std::fs::create_dir_all(&ids).expect("mkdir");
    let orders = std::fs::read_to_string(source.join("sales/orders.canvas.json")).expect("read");
    let long = format!("{}:x", "a".repeat(10_000));
    std::fs::write(
        ids.join("long.canvas.json"),
        orders.replace("\"id\": \"orders\"", &format!("\"id\": \"{long}\"")),
    )
    .expect("write");
    let out = util::meshcanvas()
        .args(["workspace", "import"])
        .arg(&ids)
        .args(["--db", db_arg])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("long.canvas.json:/product/id"), "{err}");
    assert!(
        err.len() < 1_000,
        "the id is shortened: {} bytes",
        err.len()
    );
    util::meshcanvas()
        .args(["workspace", "list", "--db", db_arg])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "orders\trev 1\tactive\tsales\tOrders",
        ));

    // A change in the folder, imported: revision 2, and a diff that says so.
    let edited = dir.path().join("edited");
    std::fs::create_dir_all(edited.join("sales")).expect("mkdir");
    let text = std::fs::read_to_string(source.join("sales/orders.canvas.json")).expect("read");
    std::fs::write(
        edited.join("sales/orders.canvas.json"),
        text.replace(
            "\"classification\": \"confidential\",\n              \"pii\": false",
            "\"classification\": \"restricted\",\n              \"pii\": true",
        ),
    )
    .expect("write");
    util::meshcanvas()
        .args(["workspace", "import"])
        .arg(&edited)
        .args(["--db", db_arg, "--author", "bob"])
        .assert()
        .success();
    util::meshcanvas()
        .args(["workspace", "history", "orders", "--db", db_arg])
        .assert()
        .success()
        .stdout(predicates::str::contains("\tada\t").and(predicates::str::contains("\tbob\t")));
    util::meshcanvas()
        .args(["workspace", "diff", "orders", "1", "2", "--db", db_arg])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "~ output port \"orders-table\" › field \"email\" › PII: false → true",
        ));
    let json = util::meshcanvas()
        .args([
            "workspace",
            "diff",
            "orders",
            "1",
            "--format",
            "json",
            "--db",
            db_arg,
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let diff: meshcanvas::wire::CanvasDiff = serde_json::from_slice(&json).expect("diff JSON");
    assert_eq!(
        (diff.from_revision, diff.to_revision, diff.entries.len()),
        (1, 2, 2)
    );

    util::meshcanvas()
        .args(["workspace", "restore", "orders", "1", "--db", db_arg])
        .assert()
        .success()
        .stderr(predicates::str::contains("as revision 3"));
    let out = dir.path().join("out");
    util::meshcanvas()
        .args(["workspace", "export"])
        .arg(&out)
        .args(["--db", db_arg])
        .assert()
        .success();
    assert_eq!(
        std::fs::read(out.join("sales/orders.canvas.json")).expect("read"),
        std::fs::read(source.join("sales/orders.canvas.json")).expect("read"),
        "restored revision 1 exports as the imported bytes"
    );
    util::meshcanvas()
        .args([
            "workspace",
            "show",
            "orders",
            "--revision",
            "2",
            "--db",
            db_arg,
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"restricted\""));

    // Errors: exit code 2, with the file named.
    let not_ws = util::fixture("canvas/minimal.canvas.json");
    util::meshcanvas()
        .args(["workspace", "list", "--db"])
        .arg(&not_ws)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "minimal.canvas.json: not a Mesh Canvas workspace",
        ));
    util::meshcanvas()
        .args(["workspace", "history", "nope", "--db", db_arg])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no canvas \"nope\""));
    util::meshcanvas()
        .args(["workspace", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains("Examples:"));
}

#[tokio::test]
async fn the_default_workspace_is_created_on_first_start_and_reopened() {
    let dir = temp();
    let app_data = dir.path().join("app-data/dev.meshcanvas.app");
    let path = meshcanvas::store::default_workspace_path(&app_data);
    let ws = Workspace::open_or_create(&path).await.expect("first start");
    ws.save(&canvas("a"), None, "ada", "first")
        .await
        .expect("save");
    ws.close().await;
    let ws = Workspace::open_or_create(&path)
        .await
        .expect("second start");
    assert_eq!(ws.list().await.expect("list").len(), 1);
    assert_eq!(ws.path(), path.as_path());
}

/// A small tmpfs mounted for one test, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` where this user may not mount (the test then says it was
    /// skipped); CI runs as root on a machine that may.
    fn mount(bytes: u64) -> Option<Self> {
        let dir = temp();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={bytes}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then_some(Self { dir })
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        // Lazily: SQLite's connection threads may still hold a file for a
        // moment after the workspace is dropped ("target is busy"); the
        // mount leaves at once and goes when they let go.
        let _ = std::process::Command::new("umount")
            .arg("--lazy")
            .arg(self.dir.path())
            .status();
    }
}

/// Writes a file until the disk refuses more.
fn fill(path: &Path) {
    use std::io::Write as _;
    let mut f = std::fs::File::create(path).expect("filler");
    let block = vec![0u8; 64 * 1024];
    while f.write_all(&block).is_ok() {}
    let mut byte = [0u8; 1];
    while f.write_all(&byte).is_ok() {
        byte[0] = byte[0].wrapping_add(1);
    }
    let _ = f.sync_all();
}

#[tokio::test]
async fn a_full_disk_is_named_and_loses_nothing_saved() {
    let Some(disk) = SmallDisk::mount(8 << 20) else {
        eprintln!("skipped: the full-disk test needs to mount a tmpfs (run as root)");
        return;
    };
    let (ws, path) = new_workspace(disk.dir.path()).await;
    let mut c = canvas("orders");
    ws.save(&c, None, "ada", "first").await.expect("create");
    c.product.purpose = "Every order".to_owned();
    ws.save(&c, Some(1), "ada", "purpose").await.expect("save");
    let saved = c.clone();

    let filler = disk.dir.path().join("filler");
    fill(&filler);
    // Large enough that SQLite must grow the file or its WAL.
    c.product.purpose = "x".repeat(2 << 20);
    let err = ws
        .save(&c, Some(2), "ada", "too big for the disk")
        .await
        .expect_err("a save on a full disk fails");
    let text = err.to_string();
    assert!(
        matches!(err, StoreError::DiskFull { .. }),
        "a full disk reads as: {text}"
    );
    assert!(
        text.starts_with(&format!("{}: the disk is full", path.display())),
        "{text}"
    );
    assert_eq!(err.code(), ErrorCode::Io);
    // Reading still works, or says the disk is full; never a bare
    // "disk I/O error".
    match ws.load("orders").await {
        Ok(l) => assert_eq!(l.canvas, saved),
        Err(e) => assert!(matches!(e, StoreError::DiskFull { .. }), "{e}"),
    }

    // Smaller saves may fail at COMMIT, where SQLite rolls the transaction
    // back by itself; a connection left like that must not be reused.
    let mut small = saved.clone();
    for size in [256 << 10, 16 << 10, 1 << 10] {
        small.product.purpose = "y".repeat(size);
        match ws.save(&small, Some(2), "ada", "smaller").await {
            Err(StoreError::DiskFull { .. }) => {}
            Err(e) => panic!("a smaller save on a full disk: {e}"),
            Ok(r) => panic!("a save on a full disk wrote revision {r}"),
        }
    }

    std::fs::remove_file(&filler).expect("free the disk");
    let loaded = ws.load("orders").await.expect("load after freeing");
    assert_eq!(loaded.revision, 2);
    assert_eq!(loaded.canvas, saved);
    // More saves than the pool has connections: none of them is handed a
    // connection the full disk left in a failed transaction.
    for revision in 3..=8 {
        c.product.purpose = format!("fits now, {revision}");
        assert_eq!(
            ws.save(&c, Some(revision - 1), "ada", "now it fits")
                .await
                .unwrap_or_else(|e| panic!("save {revision} after freeing: {e}")),
            revision
        );
    }
    drop(ws);
    assert_eq!(integrity(&path).await, "ok");
}
