//! The facade the desktop app's commands call: one open workspace plus the
//! subsystems that act on it (list, load, save with conflict detection,
//! check, mesh graph, import, history), so that each Tauri command is a few
//! lines that take their `State`, call a [`Studio`] method and map the error
//! to [`crate::wire::WireError`].
//!
//! A workspace is, for now, a folder of `*.canvas.json` files (the same
//! files teams keep in git, read and written through [`crate::format`]); the
//! SQLite store of issue 5 becomes the default kind of workspace when it
//! lands, behind the same methods. In a folder workspace a canvas's
//! *revision* is a fingerprint of its file's bytes: a save names the
//! fingerprint it was based on, and fails with a conflict when the file
//! changed on disk in between (another window, an editor, a `git pull`).
//!
//! Every method is `async` so the store's async I/O slots in without
//! changing the shell; one lock serialises access to the open workspace.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use crate::format;
use crate::model::{
    Archetype, Canvas, Consumer, ConsumerKind, Field, InputPort, InputSource, LifecycleStatus,
    LogicalType, OutputPort, PortKind, Slo, SloDimension, SloUnit,
};
use crate::wire::{
    CanvasSummary, FindingCounts, ImportedCanvas, MeshEdge, MeshGraph, MeshNode, RevisionInfo,
    StoredCanvas, WorkspaceInfo,
};

/// How many workspaces [`Studio::recent_workspaces`] remembers.
const RECENT_LIMIT: usize = 10;

/// What can go wrong in the studio itself (the subsystems' errors pass
/// through `crate::Error` unchanged).
#[derive(Debug, thiserror::Error)]
pub enum StudioError {
    /// A command that needs a workspace ran before one was opened.
    #[error("no workspace is open: open or create one first")]
    NoWorkspace,
    /// The path to open is not a workspace.
    #[error("{}: not a Mesh Canvas workspace ({reason})", path.display())]
    NotAWorkspace { path: PathBuf, reason: String },
    /// No canvas with this product id in the workspace.
    #[error("no canvas with product id \"{id}\" in workspace {}", workspace.display())]
    CanvasNotFound { id: String, workspace: PathBuf },
    /// No such revision of a canvas.
    #[error("canvas \"{id}\" has no revision {revision}")]
    RevisionNotFound { id: String, revision: i64 },
    /// A canvas with this product id already exists.
    #[error("a canvas with product id \"{id}\" already exists: {}", path.display())]
    AlreadyExists { id: String, path: PathBuf },
    /// The canvas changed since the revision the save was based on.
    #[error(
        "canvas \"{id}\" changed since revision {base} (it is now at revision {current}): \
         reload it, reapply your edit and save again"
    )]
    Conflict { id: String, base: i64, current: i64 },
    /// The product id cannot name a file.
    #[error(
        "product id \"{0}\" is not a lowercase slug (a-z, 0-9 and single inner hyphens, \
         e.g. `customer-orders`)"
    )]
    InvalidId(String),
}

/// One open workspace: a folder of canvas files.
#[derive(Debug)]
struct Workspace {
    root: PathBuf,
}

/// The app's view of the core: the open workspace and what acts on it.
#[derive(Debug)]
pub struct Studio {
    workspace: Mutex<Option<Workspace>>,
    /// Where the list of recently opened workspaces is kept (a JSON array of
    /// paths, newest first); `None` keeps no list.
    recent_file: Option<PathBuf>,
}

impl Studio {
    /// A studio with no workspace open yet. `recent_file` is where recently
    /// opened workspaces are remembered (the app passes a file in its config
    /// folder).
    #[must_use]
    pub fn new(recent_file: Option<PathBuf>) -> Self {
        Self {
            workspace: Mutex::new(None),
            recent_file,
        }
    }

    /// Opens the workspace at `path`, creating it (and seeding it with the
    /// canvases under `seed`, when given) if it does not exist yet: what the
    /// app does on start with its default workspace.
    pub async fn open_or_create(&self, path: &Path, seed: Option<&Path>) -> crate::Result<()> {
        if !path.exists() {
            self.workspace_create(path).await?;
            if let Some(seed) = seed {
                self.seed_from(seed).await?;
            }
            Ok(())
        } else {
            self.workspace_open(path).await.map(|_| ())
        }
    }

    /// Copies every canvas under `seed` into the open workspace.
    async fn seed_from(&self, seed: &Path) -> crate::Result<()> {
        let report = format::load_paths(&[seed.to_path_buf()]);
        if let Some(e) = report.errors.into_iter().next() {
            return Err(e.into());
        }
        for loaded in report.canvases {
            self.canvas_create(loaded.canvas).await?;
        }
        Ok(())
    }

    /// The open workspace's path and size.
    pub async fn workspace_info(&self) -> crate::Result<WorkspaceInfo> {
        let guard = self.workspace.lock().await;
        let ws = guard.as_ref().ok_or(StudioError::NoWorkspace)?;
        let count = ws.index()?.len();
        Ok(WorkspaceInfo {
            path: ws.root.display().to_string(),
            canvas_count: u32::try_from(count).unwrap_or(u32::MAX),
        })
    }

    /// Opens an existing workspace.
    pub async fn workspace_open(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        let meta = std::fs::metadata(path).map_err(|e| crate::Error::io(path, &e))?;
        if !meta.is_dir() {
            return Err(StudioError::NotAWorkspace {
                path: path.to_path_buf(),
                reason: "expected a folder of *.canvas.json files, found a file".to_owned(),
            }
            .into());
        }
        let ws = Workspace {
            root: path.to_path_buf(),
        };
        // Reading the index now reports unreadable canvases at open, not
        // later in the middle of an edit.
        ws.index()?;
        *self.workspace.lock().await = Some(ws);
        self.remember(path)?;
        self.workspace_info().await
    }

    /// Creates a new, empty workspace and opens it. An existing empty folder
    /// is fine; one with files in it is refused so nothing is mixed in.
    pub async fn workspace_create(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        match std::fs::read_dir(path) {
            Ok(mut entries) => {
                if entries.next().is_some() {
                    return Err(StudioError::NotAWorkspace {
                        path: path.to_path_buf(),
                        reason: "the folder is not empty; open it instead, or choose a new one"
                            .to_owned(),
                    }
                    .into());
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(path).map_err(|e| crate::Error::io(path, &e))?;
            }
            Err(e) => return Err(crate::Error::io(path, &e)),
        }
        self.workspace_open(path).await
    }

    /// Recently opened workspaces, newest first, that still exist.
    pub async fn recent_workspaces(&self) -> crate::Result<Vec<String>> {
        Ok(self
            .read_recent()?
            .into_iter()
            .filter(|p| Path::new(p).exists())
            .collect())
    }

    /// Every canvas of the workspace, sorted by domain then name.
    pub async fn canvas_list(&self) -> crate::Result<Vec<CanvasSummary>> {
        let guard = self.workspace.lock().await;
        let ws = guard.as_ref().ok_or(StudioError::NoWorkspace)?;
        let mut out = Vec::new();
        for entry in ws.index()?.into_values() {
            let p = &entry.canvas.product;
            out.push(CanvasSummary {
                id: p.id.clone(),
                name: p.name.clone(),
                domain: entry.canvas.domain.name.clone(),
                status: p.status,
                archetype: p.archetype,
                version: p.version.clone(),
                revision: entry.revision,
                updated_at: rfc3339(entry.modified),
                findings: FindingCounts::default(),
            });
        }
        out.sort_by(|a, b| (&a.domain, &a.name, &a.id).cmp(&(&b.domain, &b.name, &b.id)));
        Ok(out)
    }

    /// The canvases a new one can start from: a blank one, then one per
    /// archetype with the cards that archetype typically needs.
    #[must_use]
    pub fn canvas_templates(&self) -> Vec<Canvas> {
        templates()
    }

    /// One canvas at its newest revision.
    pub async fn canvas_load(&self, id: &str) -> crate::Result<StoredCanvas> {
        let guard = self.workspace.lock().await;
        let ws = guard.as_ref().ok_or(StudioError::NoWorkspace)?;
        let entry = ws.find(id)?;
        Ok(StoredCanvas {
            canvas: entry.canvas,
            revision: entry.revision,
        })
    }

    /// Adds a new canvas to the workspace, at
    /// `<domain>/<product id>.canvas.json`.
    pub async fn canvas_create(&self, canvas: Canvas) -> crate::Result<StoredCanvas> {
        let guard = self.workspace.lock().await;
        let ws = guard.as_ref().ok_or(StudioError::NoWorkspace)?;
        let id = canvas.product.id.clone();
        if !is_slug(&id) {
            return Err(StudioError::InvalidId(id).into());
        }
        if let Some(existing) = ws.index()?.remove(&id) {
            return Err(StudioError::AlreadyExists {
                id,
                path: existing.path,
            }
            .into());
        }
        let path = ws
            .root
            .join(domain_folder(&canvas.domain.name))
            .join(format!("{id}{}", format::CANVAS_SUFFIX));
        let revision = ws.write(&path, &canvas)?;
        Ok(StoredCanvas { canvas, revision })
    }

    /// Saves a canvas over the revision it was loaded at. Fails with a
    /// conflict when the canvas changed since `base_revision`.
    pub async fn canvas_save(
        &self,
        canvas: Canvas,
        base_revision: i64,
        _message: &str,
    ) -> crate::Result<StoredCanvas> {
        let guard = self.workspace.lock().await;
        let ws = guard.as_ref().ok_or(StudioError::NoWorkspace)?;
        let entry = ws.find(&canvas.product.id)?;
        if entry.revision != base_revision {
            return Err(StudioError::Conflict {
                id: canvas.product.id.clone(),
                base: base_revision,
                current: entry.revision,
            }
            .into());
        }
        let revision = ws.write(&entry.path, &canvas)?;
        Ok(StoredCanvas { canvas, revision })
    }

    /// The mesh: every product a node, every input port that reads another
    /// product's output port an edge (unresolved when that port does not
    /// exist).
    pub async fn mesh_graph(&self) -> crate::Result<MeshGraph> {
        let guard = self.workspace.lock().await;
        let ws = guard.as_ref().ok_or(StudioError::NoWorkspace)?;
        let canvases: Vec<Canvas> = ws.index()?.into_values().map(|e| e.canvas).collect();
        Ok(mesh_graph_of(&canvases))
    }

    /// Reads canvas files (or folders of them) for import; the caller adds
    /// the ones the user keeps with [`Self::canvas_create`].
    pub async fn import_files(&self, paths: &[PathBuf]) -> crate::Result<Vec<ImportedCanvas>> {
        let report = format::load_paths(paths);
        if let Some(e) = report.errors.into_iter().next() {
            return Err(e.into());
        }
        Ok(report
            .canvases
            .into_iter()
            .map(|l| ImportedCanvas {
                canvas: l.canvas,
                sources: vec![l.path.display().to_string()],
                kept_in_extensions: Vec::new(),
                warnings: Vec::new(),
            })
            .collect())
    }

    /// A canvas's revisions, newest first. A folder workspace keeps only the
    /// file as it is now (its history is in git), so it lists one.
    pub async fn history_list(&self, id: &str) -> crate::Result<Vec<RevisionInfo>> {
        let guard = self.workspace.lock().await;
        let ws = guard.as_ref().ok_or(StudioError::NoWorkspace)?;
        let entry = ws.find(id)?;
        Ok(vec![RevisionInfo {
            canvas_id: id.to_owned(),
            revision: entry.revision,
            author: String::new(),
            message: format!("{} as it is on disk", entry.path.display()),
            created_at: rfc3339(entry.modified),
        }])
    }

    /// One revision of a canvas.
    pub async fn history_load(&self, id: &str, revision: i64) -> crate::Result<StoredCanvas> {
        let stored = self.canvas_load(id).await?;
        if stored.revision == revision {
            Ok(stored)
        } else {
            Err(StudioError::RevisionNotFound {
                id: id.to_owned(),
                revision,
            }
            .into())
        }
    }

    fn read_recent(&self) -> crate::Result<Vec<String>> {
        let Some(file) = &self.recent_file else {
            return Ok(Vec::new());
        };
        match std::fs::read(file) {
            // A damaged list is not worth refusing to start over: it is
            // rebuilt from the next workspace opened.
            Ok(bytes) => Ok(serde_json::from_slice(&bytes).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(crate::Error::io(file, &e)),
        }
    }

    fn remember(&self, path: &Path) -> crate::Result<()> {
        let Some(file) = &self.recent_file else {
            return Ok(());
        };
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let path = path.display().to_string();
        let mut list = self.read_recent()?;
        list.retain(|p| *p != path);
        list.insert(0, path);
        list.truncate(RECENT_LIMIT);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, &e))?;
        }
        let mut text = serde_json::to_string_pretty(&list).unwrap_or_default();
        text.push('\n');
        format::write_atomic(file, text.as_bytes()).map_err(|e| crate::Error::io(file, &e))
    }
}

/// A canvas file of the workspace, read.
#[derive(Debug)]
struct Entry {
    path: PathBuf,
    canvas: Canvas,
    revision: i64,
    modified: SystemTime,
}

impl Workspace {
    /// Every canvas, by product id. A file that does not parse, or a product
    /// id used by two files, is an error naming the file(s): the workspace
    /// must be fixed on disk before it can be edited safely.
    fn index(&self) -> crate::Result<BTreeMap<String, Entry>> {
        let (files, errors) = format::find_canvas_files(std::slice::from_ref(&self.root));
        if let Some(e) = errors.into_iter().next() {
            return Err(e.into());
        }
        let mut out: BTreeMap<String, Entry> = BTreeMap::new();
        for path in files {
            let entry = read_entry(&path)?;
            let id = entry.canvas.product.id.clone();
            if let Some(other) = out.get(&id) {
                return Err(crate::Error::InvalidArgument(format!(
                    "{}: product id \"{id}\" is also used by {}; give one of them another id",
                    path.display(),
                    other.path.display()
                )));
            }
            out.insert(id, entry);
        }
        Ok(out)
    }

    fn find(&self, id: &str) -> crate::Result<Entry> {
        self.index()?.remove(id).ok_or_else(|| {
            StudioError::CanvasNotFound {
                id: id.to_owned(),
                workspace: self.root.clone(),
            }
            .into()
        })
    }

    /// Writes a canvas atomically and returns its new revision.
    fn write(&self, path: &Path, canvas: &Canvas) -> crate::Result<i64> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, &e))?;
        }
        let text = format::to_canonical_json(canvas);
        format::write_atomic(path, text.as_bytes()).map_err(|e| crate::Error::io(path, &e))?;
        Ok(fingerprint(text.as_bytes()))
    }
}

fn read_entry(path: &Path) -> crate::Result<Entry> {
    let bytes = format::read_limited(path)?;
    let canvas = format::parse_canvas_bytes(path, &bytes)?;
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .map_err(|e| crate::Error::io(path, &e))?;
    Ok(Entry {
        path: path.to_path_buf(),
        canvas,
        revision: fingerprint(&bytes),
        modified,
    })
}

/// The revision of a file's content: the first 53 bits of its SHA-256, so
/// that it crosses to JavaScript as an exact number and is never negative.
fn fingerprint(bytes: &[u8]) -> i64 {
    let digest = Sha256::digest(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::try_from(u64::from_be_bytes(first) >> 11).unwrap_or(i64::MAX)
}

/// Whether `s` is a lowercase slug: `a-z`, `0-9` and single inner hyphens.
fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The folder a domain's canvases go in: the domain name reduced to a slug,
/// so no domain name can make a path that leaves the workspace.
fn domain_folder(domain: &str) -> String {
    let mut out = String::new();
    for c in domain.trim().chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() {
        "no-domain".to_owned()
    } else {
        out
    }
}

/// The mesh graph of some canvases.
#[must_use]
pub fn mesh_graph_of(canvases: &[Canvas]) -> MeshGraph {
    let ports: HashMap<&str, Vec<&str>> = canvases
        .iter()
        .map(|c| {
            (
                c.product.id.as_str(),
                c.output_ports.iter().map(|p| p.id.as_str()).collect(),
            )
        })
        .collect();
    let mut nodes = Vec::with_capacity(canvases.len());
    let mut edges = Vec::new();
    for c in canvases {
        nodes.push(MeshNode {
            product_id: c.product.id.clone(),
            name: c.product.name.clone(),
            domain: c.domain.name.clone(),
            status: c.product.status,
            archetype: c.product.archetype,
            output_ports: c.output_ports.iter().map(|p| p.id.clone()).collect(),
            findings: FindingCounts::default(),
        });
        for input in &c.input_ports {
            if let InputSource::Product {
                product_id,
                port_id,
            } = &input.source
            {
                let resolved = ports
                    .get(product_id.as_str())
                    .is_some_and(|ps| ps.contains(&port_id.as_str()));
                edges.push(MeshEdge {
                    from_product: product_id.clone(),
                    from_port: port_id.clone(),
                    to_product: c.product.id.clone(),
                    to_port: input.id.clone(),
                    resolved,
                });
            }
        }
    }
    MeshGraph { nodes, edges }
}

/// RFC 3339 (UTC, seconds) of a file time.
fn rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

fn slo(dimension: SloDimension, target: f64, unit: SloUnit) -> Slo {
    Slo {
        dimension,
        target,
        unit,
        ..Slo::default()
    }
}

fn field(name: &str, logical_type: LogicalType, description: &str) -> Field {
    Field {
        name: name.to_owned(),
        logical_type,
        description: description.to_owned(),
        ..Field::default()
    }
}

/// A blank canvas, then one per archetype.
fn templates() -> Vec<Canvas> {
    let blank = Canvas::skeleton("new-product", "New product", "");

    let mut source = Canvas::skeleton("new-source-product", "New source-aligned product", "");
    source.product.archetype = Archetype::SourceAligned;
    source.product.purpose =
        "Publishes the domain's operational facts as they happen, for other products to build on."
            .to_owned();
    source.input_ports.push(InputPort {
        id: "operational-db".to_owned(),
        name: "Operational database".to_owned(),
        source: InputSource::Operational {
            system: "operational system".to_owned(),
            technology: String::new(),
        },
        description: String::new(),
        expects: Vec::new(),
    });
    source.output_ports.push(OutputPort {
        id: "events".to_owned(),
        name: "Events".to_owned(),
        kind: PortKind::Table,
        status: LifecycleStatus::Draft,
        description: "One row per business event.".to_owned(),
        schema: vec![
            field("id", LogicalType::String, "The event's id."),
            field("occurred_at", LogicalType::Timestamp, "When it happened."),
        ],
        slos: vec![
            slo(SloDimension::Freshness, 1.0, SloUnit::Hours),
            slo(SloDimension::Availability, 99.5, SloUnit::Percent),
        ],
        ..OutputPort::default()
    });

    let mut aggregate = Canvas::skeleton("new-aggregate-product", "New aggregate product", "");
    aggregate.product.archetype = Archetype::Aggregate;
    aggregate.product.purpose =
        "Combines several products into one consistent view the domain agrees on.".to_owned();
    aggregate.output_ports.push(OutputPort {
        id: "view".to_owned(),
        name: "Combined view".to_owned(),
        kind: PortKind::View,
        description: "One row per entity, combined from the inputs.".to_owned(),
        slos: vec![
            slo(SloDimension::Freshness, 1.0, SloUnit::Days),
            slo(SloDimension::Availability, 99.0, SloUnit::Percent),
        ],
        ..OutputPort::default()
    });

    let mut consumer = Canvas::skeleton("new-consumer-product", "New consumer-aligned product", "");
    consumer.product.archetype = Archetype::ConsumerAligned;
    consumer.product.purpose =
        "Serves one decision of one group of consumers, shaped for how they use it.".to_owned();
    consumer.consumers.push(Consumer {
        id: "first-consumer".to_owned(),
        name: "First consumer".to_owned(),
        kind: ConsumerKind::Team,
        use_case: "We believe this product will help … ; we know we are getting there when …"
            .to_owned(),
        ..Consumer::default()
    });
    consumer.output_ports.push(OutputPort {
        id: "report".to_owned(),
        name: "Report".to_owned(),
        kind: PortKind::View,
        description: "What the consumer reads.".to_owned(),
        slos: vec![
            slo(SloDimension::Freshness, 1.0, SloUnit::Days),
            slo(SloDimension::Availability, 99.0, SloUnit::Percent),
        ],
        ..OutputPort::default()
    });

    vec![blank, source, aggregate, consumer]
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn rfc3339_formats_known_instants() {
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        assert_eq!(rfc3339(t), "2023-11-14T22:13:20Z");
        assert_eq!(rfc3339(SystemTime::UNIX_EPOCH), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn domain_folders_cannot_leave_the_workspace() {
        assert_eq!(domain_folder("../../etc"), "etc");
        assert_eq!(domain_folder("Sales & Marketing"), "sales-marketing");
        assert_eq!(domain_folder(""), "no-domain");
    }
}
