//! The workspace store: every canvas of a workspace and every revision ever
//! saved of it, in one database file, so product owners never lose work and
//! governance can see what changed since a product was approved.
//!
//! # Shape
//!
//! [`Workspace`] is the one public entry point, used by the CLI
//! (`meshcanvas workspace …`) and the desktop app alike. Behind it sits a
//! backend: today only SQLite ([`sqlite`]), one file per workspace, in WAL
//! mode. The SQL is kept to what PostgreSQL also accepts (`$1` parameters,
//! `TEXT`/`BIGINT` columns, composite keys, `INSERT … ON CONFLICT`,
//! conditional `UPDATE … WHERE latest_revision = $n` for optimistic
//! concurrency), so a team workspace on a server is a second variant of
//! `Backend` plus its own `migrations/postgres/`, not a rewrite of this API.
//!
//! # Guarantees
//!
//! - A save never overwrites: it appends revision *n + 1*. The database
//!   refuses `UPDATE` and `DELETE` on revisions (triggers), so no code path
//!   can break this by mistake.
//! - No lost updates: a save names the revision it was based on; if another
//!   save came first it fails with [`StoreError::Conflict`], which carries
//!   both revisions.
//! - Every write is one transaction: an import of 10,000 canvases lands
//!   whole or not at all, even when the process is killed half-way.
//! - `open` refuses, without writing a byte, a file that is not a workspace,
//!   a corrupt one, or one written by a newer Mesh Canvas; older workspaces
//!   are migrated forward (each migration in its own transaction).
//! - Documents are kept as the exact text saved (canonical JSON for saves,
//!   the file's own bytes for imports), so exporting a canvas that did not
//!   change gives back the very bytes that were imported.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::format::ParseError;
use crate::model::{Archetype, Canvas, LifecycleStatus};
use crate::wire::{CanvasDiff, CanvasSummary, FindingCounts, RevisionInfo, StoredCanvas};

pub mod sqlite;

/// The file name of the desktop app's default workspace.
pub const DEFAULT_WORKSPACE_FILE: &str = "workspace.meshcanvas.db";

/// The default workspace of the desktop app: a file in the platform's
/// app-data folder (which the app resolves through Tauri's path API).
#[must_use]
pub fn default_workspace_path(app_data_dir: &Path) -> PathBuf {
    app_data_dir.join(DEFAULT_WORKSPACE_FILE)
}

/// A released revision of a canvas.
#[derive(Serialize, ts_rs::TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Release {
    pub canvas_id: String,
    #[ts(type = "number")]
    pub revision: i64,
    /// The product's version at that revision.
    pub version: String,
    pub author: String,
    /// RFC 3339.
    pub created_at: String,
}

/// A canvas as the workspace lists it, without parsing its document.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CanvasRecord {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub status: LifecycleStatus,
    pub archetype: Archetype,
    pub version: String,
    /// The newest revision's number.
    pub revision: i64,
    /// RFC 3339 time of the newest revision.
    pub updated_at: String,
    /// Where the canvas is written by an export, relative, `/`-separated.
    pub file_path: String,
    /// Archived canvases are left out of lists and exports; their revisions
    /// are kept.
    pub archived: bool,
}

impl CanvasRecord {
    /// The workspace home's summary, once the findings are known.
    #[must_use]
    pub fn summary(self, findings: FindingCounts) -> CanvasSummary {
        CanvasSummary {
            id: self.id,
            name: self.name,
            domain: self.domain,
            status: self.status,
            archetype: self.archetype,
            version: self.version,
            revision: self.revision,
            updated_at: self.updated_at,
            findings,
        }
    }
}

/// What an import (or a batch save) did, canvas by canvas.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Canvases new to the workspace, at revision 1.
    pub added: Vec<String>,
    /// Canvases that got a new revision.
    pub updated: Vec<String>,
    /// Canvases whose document was already the newest revision.
    pub unchanged: Vec<String>,
}

/// What an export wrote.
#[derive(Serialize, Clone, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ExportReport {
    /// Files written, because they were missing or differed.
    pub written: Vec<PathBuf>,
    /// Files that already held the canvas's newest revision, left untouched.
    pub unchanged: Vec<PathBuf>,
}

/// A standards pack in use by the workspace.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PackRecord {
    pub id: String,
    pub version: String,
    /// SHA-256 of the pack document, hex.
    pub sha256: String,
    /// RFC 3339.
    pub added_at: String,
}

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `open` on a path with no file.
    #[error(
        "{}: no workspace here (create one with `meshcanvas workspace init --db {}`)",
        path.display(), path.display()
    )]
    NotFound { path: PathBuf },
    /// `create` on a path that exists: never overwritten.
    #[error("{}: exists already; a workspace is never created over an existing file", path.display())]
    AlreadyExists { path: PathBuf },
    /// A file that is not a Mesh Canvas workspace.
    #[error("{}: not a Mesh Canvas workspace: {reason}", path.display())]
    NotAWorkspace { path: PathBuf, reason: String },
    /// A workspace file whose database is damaged.
    #[error(
        "{}: the workspace file is damaged ({detail}); it was left untouched: restore it from a \
         backup, or export what still reads with `sqlite3 {} .recover`",
        path.display(), path.display()
    )]
    Corrupt { path: PathBuf, detail: String },
    /// A workspace written by a newer Mesh Canvas.
    #[error(
        "{}: written by a newer Mesh Canvas (workspace schema {found}); this build knows schema \
         {supported}: update Mesh Canvas to open it",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// Another process holds the workspace's write lock for too long.
    #[error("{}: the workspace is busy (another process is writing to it); try again", path.display())]
    Busy { path: PathBuf },
    /// The disk holding the workspace is full: the write was not made, and
    /// every revision saved before is kept.
    #[error(
        "{}: the disk is full ({} free); nothing was written and everything saved before is \
         kept: free some space on it and try again",
        path.display(), crate::format::human_bytes(*free)
    )]
    DiskFull { path: PathBuf, free: u64 },
    /// Any other database failure.
    #[error("{}: database error: {detail}", path.display())]
    Database { path: PathBuf, detail: String },
    /// A file or folder that could not be read or written.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// No canvas with this id.
    #[error("no canvas \"{}\" in this workspace", crate::model::shown_id(id))]
    CanvasNotFound { id: String },
    /// A save or restore of a deleted (archived) canvas.
    #[error(
        "canvas \"{}\" was deleted; bring it back from the deleted canvases to edit or restore it",
        crate::model::shown_id(id)
    )]
    Deleted { id: String },
    /// No such revision of a canvas.
    #[error(
        "canvas \"{}\" has no revision {revision} (its revisions are 1 to {latest})",
        crate::model::shown_id(id)
    )]
    RevisionNotFound {
        id: String,
        revision: i64,
        latest: i64,
    },
    /// Another save came first: the caller's base is not the newest
    /// revision any more (or, when creating, the canvas exists already).
    #[error("{}", conflict_message(.0))]
    Conflict(Box<SaveConflict>),
    /// A version released before, from another revision: a version names
    /// one release.
    #[error(
        "canvas \"{id}\" released version {version} before, from revision {revision}; raise the product's version to release again"
    )]
    AlreadyReleased {
        id: String,
        version: String,
        revision: i64,
    },
    /// A revision whose product has no version cannot be released.
    #[error("revision {revision} of canvas \"{id}\" has no product version to release it under")]
    NoVersion { id: String, revision: i64 },
    /// A new id for a canvas that another canvas has.
    #[error(
        "product id \"{id}\" is taken by {} canvas in this workspace; choose another id",
        if *archived { "an archived" } else { "another" }
    )]
    IdTaken { id: String, archived: bool },
    /// A canvas id that cannot name a canvas in a workspace or a file.
    #[error("canvas id {id:?} cannot be stored: {reason}")]
    InvalidCanvasId { id: String, reason: String },
    /// A stored document that no longer parses (e.g. written by a newer
    /// format).
    #[error(transparent)]
    Document(#[from] ParseError),
    /// Canvas files that did not parse: nothing was imported.
    #[error(
        "{} canvas file(s) could not be read, nothing was imported:\n{}",
        errors.len(),
        errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    )]
    Import { errors: Vec<ParseError> },
    /// Two canvas files with the same product id: nothing was imported.
    #[error(
        "{} and {} both hold canvas \"{id}\"; nothing was imported",
        first.display(), second.display()
    )]
    DuplicateCanvas {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },
    /// Two canvases exported to the same file: nothing was exported.
    #[error(
        "canvases \"{first}\" and \"{second}\" would both be exported to {path}; nothing was exported"
    )]
    ExportClash {
        path: String,
        first: String,
        second: String,
    },
    /// A standards pack without an id or a version.
    #[error("standards pack {id:?} version {version:?}: {reason}")]
    InvalidPack {
        id: String,
        version: String,
        reason: String,
    },
    /// A pack version already in the workspace with other content.
    #[error(
        "standards pack \"{id}\" version {version} is in the workspace already with other \
         content; a changed pack needs a new version"
    )]
    PackVersionExists { id: String, version: String },
}

impl StoreError {
    /// The closed code the UI branches on.
    #[must_use]
    pub fn code(&self) -> crate::wire::ErrorCode {
        use crate::wire::ErrorCode;
        match self {
            Self::NotFound { .. }
            | Self::CanvasNotFound { .. }
            | Self::RevisionNotFound { .. }
            | Self::Deleted { .. } => ErrorCode::NotFound,
            Self::AlreadyExists { .. } | Self::Io { .. } | Self::DiskFull { .. } => ErrorCode::Io,
            Self::NotAWorkspace { .. } => ErrorCode::NotAWorkspace,
            Self::Corrupt { .. } => ErrorCode::CorruptWorkspace,
            Self::NewerSchema { .. } => ErrorCode::NewerFormat,
            Self::Busy { .. } => ErrorCode::Busy,
            Self::Database { .. } => ErrorCode::Storage,
            Self::Conflict(_)
            | Self::PackVersionExists { .. }
            | Self::IdTaken { .. }
            | Self::AlreadyReleased { .. } => ErrorCode::Conflict,
            Self::InvalidCanvasId { .. }
            | Self::InvalidPack { .. }
            | Self::ExportClash { .. }
            | Self::NoVersion { .. } => ErrorCode::InvalidArgument,
            Self::Document(p) if p.kind == crate::format::ParseErrorKind::NewerFormat => {
                ErrorCode::NewerFormat
            }
            Self::Document(_) | Self::Import { .. } | Self::DuplicateCanvas { .. } => {
                ErrorCode::InvalidCanvas
            }
        }
    }
}

/// Both sides of a lost-update conflict, for the app to merge.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveConflict {
    pub canvas_id: String,
    /// The revision the caller based its save on (`None`: creating).
    pub base: Option<RevisionInfo>,
    /// The newest revision now, which came first.
    pub current: RevisionInfo,
    /// The newest revision's document, to merge with.
    pub current_canvas: Canvas,
}

fn conflict_message(c: &SaveConflict) -> String {
    let (id, current) = (&c.canvas_id, &c.current);
    match &c.base {
        Some(base) => format!(
            "canvas \"{id}\" changed since revision {} you edited: {} saved revision {} at {} \
             ({}); load revision {}, merge your changes and save again",
            base.revision,
            current.author,
            current.revision,
            current.created_at,
            current.message,
            current.revision
        ),
        None => format!(
            "canvas \"{id}\" exists already (revision {}, saved by {} at {}); open it and save on \
             top of it, or choose another id",
            current.revision, current.author, current.created_at
        ),
    }
}

/// The core's result type for the store.
pub type StoreResult<T> = Result<T, StoreError>;

/// Where a save puts its revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    /// Exactly on top of this revision (`None`: create the canvas), or a
    /// conflict.
    Exactly(Option<i64>),
    /// On top of whatever is newest, creating the canvas if needed; used by
    /// imports and restores, which state the new truth.
    Newest,
}

/// A document on its way into the store.
#[derive(Debug, Clone)]
struct NewDocument {
    id: String,
    name: String,
    domain: String,
    status: LifecycleStatus,
    archetype: Archetype,
    version: String,
    /// The exact text to keep.
    text: String,
    sha256: String,
    /// Where an import found it; `None` keeps the canvas's current path (or
    /// `<id>.canvas.json` for a new canvas).
    file_path: Option<String>,
}

impl NewDocument {
    fn new(canvas: &Canvas, text: String, file_path: Option<String>) -> StoreResult<Self> {
        check_canvas_id(&canvas.product.id)?;
        // Nothing is saved that would not read back.
        let file = PathBuf::from(format!(
            "{}{}",
            canvas.product.id,
            crate::format::CANVAS_SUFFIX
        ));
        crate::format::check_canvas(&file, canvas)?;
        // Nor what `workspace export` would write as a file that no canvas
        // reader takes (and every autosave would add to the database).
        let size = text.len() as u64;
        if size > crate::format::MAX_CANVAS_BYTES {
            let (size, limit) =
                crate::format::size_over_limit(size, crate::format::MAX_CANVAS_BYTES);
            return Err(ParseError::new(
                &file,
                crate::format::ParseErrorKind::TooLarge,
                crate::format::Location::default(),
                format!(
                    "canvas \"{}\" is {size} as a file, larger than the {limit} a canvas may \
                     be; nothing was saved: shorten its longest texts or split it",
                    canvas.product.id
                ),
            )
            .into());
        }
        Ok(Self {
            id: canvas.product.id.clone(),
            name: canvas.product.name.clone(),
            domain: canvas.domain.name.clone(),
            status: canvas.product.status,
            archetype: canvas.product.archetype,
            version: canvas.product.version.clone(),
            sha256: sha256_hex(text.as_bytes()),
            text,
            file_path,
        })
    }

    fn default_file_path(&self) -> String {
        format!("{}{}", self.id, crate::format::CANVAS_SUFFIX)
    }
}

/// Who saved and why.
#[derive(Debug, Clone, Copy)]
struct Attribution<'a> {
    author: &'a str,
    message: &'a str,
}

/// Ids name files on export (`<id>.canvas.json`), so they must be usable as
/// one file name on every platform. Whether an id is a good slug is for the
/// standards to say.
fn check_canvas_id(id: &str) -> StoreResult<()> {
    let bad = |reason: &str| {
        // A hostile id may be thousands of characters: the start names it.
        let shown: String = if id.chars().count() > 60 {
            id.chars().take(60).chain(std::iter::once('…')).collect()
        } else {
            id.to_owned()
        };
        Err(StoreError::InvalidCanvasId {
            id: shown,
            reason: reason.to_owned(),
        })
    };
    if id.trim().is_empty() {
        return bad("the product id (/product/id) is empty");
    }
    if id.len() > 200 {
        return bad("longer than 200 bytes");
    }
    if id.starts_with('.') {
        return bad("starts with a dot");
    }
    if let Some(c) = id.chars().find(|c| {
        c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
    }) {
        return bad(&format!(
            "contains {c:?}, which cannot be part of a file name"
        ));
    }
    if id.ends_with(' ') || id.ends_with('.') {
        return bad("ends with a space or a dot, which Windows drops from file names");
    }
    // `con.canvas.json` is the console on Windows, whatever the case.
    let stem = id.split('.').next().unwrap_or(id).to_ascii_lowercase();
    let device = matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    if device {
        return bad(&format!(
            "{stem} is a device name on Windows, so its file could not be written there"
        ));
    }
    Ok(())
}

/// A relative, `/`-separated path below an export folder, without `..`.
fn check_relative_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains(':')
        && path
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != "..")
}

/// The SHA-256 of `bytes` in lowercase hex: a stored document's and an
/// exported manifest's digest.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in &digest {
        write!(s, "{b:02x}").expect("writing to a String does not fail");
    }
    s
}

/// Now, as RFC 3339 UTC with milliseconds: `2026-11-24T13:07:37.123Z`.
fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The database behind a workspace. One variant today; a team workspace on
/// PostgreSQL is another, with the same SQL (see the module docs).
#[derive(Debug, Clone)]
enum Backend {
    Sqlite(sqlite::SqliteStore),
}

/// An open workspace. Cheap to clone (a connection pool inside); safe to
/// share between tasks and threads.
#[derive(Debug, Clone)]
pub struct Workspace {
    backend: Backend,
}

impl Workspace {
    fn sqlite(&self) -> &sqlite::SqliteStore {
        match &self.backend {
            Backend::Sqlite(s) => s,
        }
    }

    /// Creates a new, empty workspace file. Refuses an existing path.
    pub async fn create(path: &Path) -> StoreResult<Self> {
        Ok(Self {
            backend: Backend::Sqlite(sqlite::SqliteStore::create(path).await?),
        })
    }

    /// Opens an existing workspace, migrating an older one forward. Refuses
    /// (without changing the file) a missing file, a file that is not a
    /// workspace, a damaged one, and one written by a newer Mesh Canvas.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        Ok(Self {
            backend: Backend::Sqlite(sqlite::SqliteStore::open(path).await?),
        })
    }

    /// Opens the workspace at `path`, creating it when there is no file.
    pub async fn open_or_create(path: &Path) -> StoreResult<Self> {
        match Self::open(path).await {
            Err(StoreError::NotFound { .. }) => Self::create(path).await,
            other => other,
        }
    }

    /// The workspace file.
    #[must_use]
    pub fn path(&self) -> &Path {
        self.sqlite().path()
    }

    /// The newest schema version this build knows.
    #[must_use]
    pub fn schema_version() -> i64 {
        sqlite::latest_schema_version()
    }

    /// Closes the workspace, letting SQLite fold its write-ahead log back
    /// into the file.
    pub async fn close(self) {
        self.sqlite().close().await;
    }

    /// Every canvas not archived, sorted by domain, then id.
    pub async fn list(&self) -> StoreResult<Vec<CanvasRecord>> {
        self.sqlite().list(false).await
    }

    /// The archived canvases, sorted by domain, then id.
    pub async fn archived(&self) -> StoreResult<Vec<CanvasRecord>> {
        self.sqlite().list(true).await
    }

    /// The newest revision of a canvas.
    pub async fn load(&self, id: &str) -> StoreResult<StoredCanvas> {
        self.sqlite().load(id, None).await
    }

    /// One revision of a canvas.
    pub async fn revision(&self, id: &str, revision: i64) -> StoreResult<StoredCanvas> {
        self.sqlite().load(id, Some(revision)).await
    }

    /// Names a revision a save point with `message` (again: the new message
    /// replaces the old). The revision itself is not changed.
    pub async fn save_point(
        &self,
        id: &str,
        revision: i64,
        author: &str,
        message: &str,
    ) -> StoreResult<()> {
        self.sqlite()
            .save_point(id, revision, Attribution { author, message })
            .await
    }

    /// Releases revision `revision` of canvas `id` under its product's
    /// version: the baseline the versioning rule judges the next version
    /// against. Releasing the same revision again is a no-op; a version
    /// released before from another revision is refused.
    pub async fn release(&self, id: &str, revision: i64, author: &str) -> StoreResult<Release> {
        let stored = self.sqlite().load(id, Some(revision)).await?;
        let version = stored.canvas.product.version.trim().to_owned();
        if version.is_empty() {
            return Err(StoreError::NoVersion {
                id: id.to_owned(),
                revision,
            });
        }
        self.sqlite().release(id, revision, &version, author).await
    }

    /// The releases of canvas `id`, oldest first.
    pub async fn releases(&self, id: &str) -> StoreResult<Vec<Release>> {
        self.sqlite().releases(Some(id)).await
    }

    /// The newest released revision of every canvas that has a release:
    /// the baseline of `meshcanvas check --baseline <workspace>`.
    pub async fn released_canvases(&self) -> StoreResult<Vec<crate::model::Canvas>> {
        let mut newest: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
        for r in self.sqlite().releases(None).await? {
            let e = newest.entry(r.canvas_id).or_insert(r.revision);
            *e = (*e).max(r.revision);
        }
        let mut out = Vec::with_capacity(newest.len());
        for (id, revision) in newest {
            out.push(self.sqlite().load(&id, Some(revision)).await?.canvas);
        }
        Ok(out)
    }

    /// When a revision was saved (RFC 3339).
    pub async fn saved_at(&self, id: &str, revision: i64) -> StoreResult<String> {
        match self.sqlite().revision_info(id, revision).await? {
            Some(info) => Ok(info.created_at),
            None => Err(StoreError::CanvasNotFound { id: id.to_owned() }),
        }
    }

    /// The exact stored text of a revision (`None`: the newest).
    pub async fn document_text(
        &self,
        id: &str,
        revision: Option<i64>,
    ) -> StoreResult<(i64, String)> {
        self.sqlite().document_text(id, revision).await
    }

    /// Saves a canvas as a new revision on top of `base_revision` (`None`:
    /// the canvas is new) and returns the new revision's number. Fails with
    /// [`StoreError::Conflict`] when another save came first. Saving the
    /// very document `base_revision` holds adds nothing and returns
    /// `base_revision`.
    pub async fn save(
        &self,
        canvas: &Canvas,
        base_revision: Option<i64>,
        author: &str,
        message: &str,
    ) -> StoreResult<i64> {
        let doc = NewDocument::new(canvas, crate::format::to_canonical_json(canvas), None)?;
        self.sqlite()
            .append(
                &doc,
                Base::Exactly(base_revision),
                Attribution { author, message },
            )
            .await
    }

    /// Saves each canvas on top of its base revision (`None`: the canvas
    /// is new) with its message, in one transaction: all of them, or when
    /// one cannot be saved (a conflict, a base not there, a canvas that
    /// would not read back) none. A canvas given again is saved on top of
    /// its earlier save in the batch. Returns each one's revision, in order.
    pub async fn save_each(
        &self,
        saves: &[(Canvas, Option<i64>, String)],
        author: &str,
    ) -> StoreResult<Vec<i64>> {
        let docs = saves
            .iter()
            .map(|(c, base, message)| {
                let doc = NewDocument::new(c, crate::format::to_canonical_json(c), None)?;
                Ok((doc, *base, message.clone()))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        self.sqlite().append_batch(&docs, author).await
    }

    /// Saves many canvases in one transaction, each on top of its newest
    /// revision (or as a new canvas): all of them or none. A canvas whose
    /// newest revision is already this document gets no new revision.
    pub async fn save_all(
        &self,
        canvases: &[Canvas],
        author: &str,
        message: &str,
    ) -> StoreResult<ImportReport> {
        let docs = canvases
            .iter()
            .map(|c| NewDocument::new(c, crate::format::to_canonical_json(c), None))
            .collect::<StoreResult<Vec<_>>>()?;
        self.sqlite()
            .append_all(&docs, Attribution { author, message })
            .await
    }

    /// Every revision of a canvas, oldest first.
    pub async fn history(&self, id: &str) -> StoreResult<Vec<RevisionInfo>> {
        self.sqlite().history(id).await
    }

    /// Makes revision `revision` the newest again, as a new revision with
    /// the same document; returns the new revision's number.
    pub async fn restore(&self, id: &str, revision: i64, author: &str) -> StoreResult<i64> {
        let (_, text) = self.sqlite().document_text(id, Some(revision)).await?;
        let canvas = self.sqlite().parse(id, revision, &text)?;
        let doc = NewDocument::new(&canvas, text, None)?;
        let message = format!("restore revision {revision}");
        self.sqlite()
            .append(
                &doc,
                Base::Newest,
                Attribution {
                    author,
                    message: &message,
                },
            )
            .await
    }

    /// The structural diff from revision `from` to revision `to`.
    pub async fn diff(&self, id: &str, from: i64, to: i64) -> StoreResult<CanvasDiff> {
        let a = self.revision(id, from).await?;
        let b = self.revision(id, to).await?;
        Ok(CanvasDiff {
            canvas_id: id.to_owned(),
            from_revision: from,
            to_revision: to,
            entries: crate::diff::diff_canvases(&a.canvas, &b.canvas),
        })
    }

    /// Hides a canvas from lists and exports; its revisions stay.
    pub async fn archive(&self, id: &str) -> StoreResult<()> {
        self.sqlite().set_archived(id, true).await
    }

    /// Renames a canvas's product id, in one transaction: `renamed` (the
    /// canvas under its new id) becomes a new canvas whose first revision
    /// says where it came from, `readers` (the canvases whose input ports
    /// now read the new id) get a new revision each, and the canvas under
    /// `old` is archived with its history, so it can be looked at or
    /// brought back. Refused when the new id is taken, archived ones
    /// included.
    pub async fn rename(
        &self,
        old: &str,
        renamed: &Canvas,
        readers: &[Canvas],
        author: &str,
    ) -> StoreResult<ImportReport> {
        let new = renamed.product.id.as_str();
        let taken = self.list().await?.into_iter().chain(self.archived().await?);
        for r in taken {
            if r.id == new {
                return Err(StoreError::IdTaken {
                    id: new.to_owned(),
                    archived: r.archived,
                });
            }
        }
        self.load(old).await?;
        let message = format!("product id \"{old}\" renamed to \"{new}\"");
        let docs = std::iter::once(renamed)
            .chain(readers)
            .map(|c| NewDocument::new(c, crate::format::to_canonical_json(c), None))
            .collect::<StoreResult<Vec<_>>>()?;
        self.sqlite()
            .append_all_and_archive(
                &docs,
                Attribution {
                    author,
                    message: &message,
                },
                &[old],
            )
            .await
    }

    /// Brings an archived canvas back.
    pub async fn unarchive(&self, id: &str) -> StoreResult<()> {
        self.sqlite().set_archived(id, false).await
    }

    /// Imports every `*.canvas.json` below `dir` in one transaction: all of
    /// them or, when any file does not read or two hold the same id, none.
    /// Each file's exact bytes become the canvas's newest revision (unless
    /// they already are), so a later export gives them back unchanged.
    pub async fn import_dir(&self, dir: &Path, author: &str) -> StoreResult<ImportReport> {
        let docs = read_import_dir(dir)?;
        let message = format!("import from {}", dir.display());
        self.sqlite()
            .append_all(
                &docs,
                Attribution {
                    author,
                    message: &message,
                },
            )
            .await
    }

    /// Writes the newest revision of every canvas not archived into `dir`,
    /// at the path it was imported from (`<id>.canvas.json` otherwise).
    /// Files that already hold those bytes are left untouched; other files
    /// in `dir` are never deleted.
    pub async fn export_dir(&self, dir: &Path) -> StoreResult<ExportReport> {
        let docs = self.sqlite().latest_documents().await?;
        let mut seen: std::collections::HashMap<String, String> = std::collections::HashMap::new();
        for (id, path, _) in &docs {
            if !check_relative_path(path) {
                return Err(StoreError::InvalidCanvasId {
                    id: id.clone(),
                    reason: format!(
                        "its export path {path:?} is not a relative path below the folder"
                    ),
                });
            }
            // Case-insensitive file systems (macOS, Windows) would merge them.
            if let Some(first) = seen.insert(path.to_lowercase(), id.clone()) {
                return Err(StoreError::ExportClash {
                    path: path.clone(),
                    first,
                    second: id.clone(),
                });
            }
        }
        let io = |path: &Path, e: &std::io::Error| StoreError::Io {
            path: path.to_owned(),
            message: crate::format::io_message(e),
        };
        let mut report = ExportReport::default();
        for (_, rel, text) in docs {
            let target = dir.join(&rel);
            if std::fs::read(&target).is_ok_and(|old| old == text.as_bytes()) {
                report.unchanged.push(target);
                continue;
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, &e))?;
            }
            crate::format::write_atomic(&target, text.as_bytes()).map_err(|e| io(&target, &e))?;
            report.written.push(target);
        }
        Ok(report)
    }

    /// Records a standards pack version in use. Returns `false` when that
    /// very document was there already; a different document under the
    /// same id and version is refused.
    pub async fn put_pack(&self, id: &str, version: &str, document: &str) -> StoreResult<bool> {
        self.sqlite().put_pack(id, version, document).await
    }

    /// The standards packs in use, by id, then version.
    pub async fn packs(&self) -> StoreResult<Vec<PackRecord>> {
        self.sqlite().packs().await
    }

    /// The document of one pack version.
    pub async fn pack_document(&self, id: &str, version: &str) -> StoreResult<Option<String>> {
        self.sqlite().pack_document(id, version).await
    }

    /// Runs the database's own full consistency check; `Ok` when it passes.
    pub async fn check_integrity(&self) -> StoreResult<()> {
        self.sqlite().check_integrity().await
    }
}

/// Reads an import folder: every canvas file parsed, ids unique.
fn read_import_dir(dir: &Path) -> StoreResult<Vec<NewDocument>> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(StoreError::Io {
                path: dir.to_owned(),
                message: "is a file, expected a folder of *.canvas.json files".to_owned(),
            });
        }
        Err(e) => {
            return Err(StoreError::Io {
                path: dir.to_owned(),
                message: crate::format::io_message(&e),
            });
        }
    }
    let (files, mut errors) = crate::format::find_canvas_files(&[dir.to_owned()]);
    let mut docs = Vec::with_capacity(files.len());
    let mut by_id: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    for file in files {
        let bytes = match crate::format::read_limited(&file) {
            Ok(b) => b,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let canvas = match crate::format::parse_canvas_bytes(&file, &bytes) {
            Ok(c) => c,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        // parse_canvas_bytes checked the bytes are UTF-8.
        let text = String::from_utf8(bytes).unwrap_or_default();
        let rel = file
            .strip_prefix(dir)
            .unwrap_or(&file)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if let Some(first) = by_id.insert(canvas.product.id.clone(), file.clone()) {
            return Err(StoreError::DuplicateCanvas {
                id: canvas.product.id.clone(),
                first,
                second: file,
            });
        }
        match NewDocument::new(&canvas, text, Some(rel)) {
            Ok(doc) => docs.push(doc),
            // Said with the file it is in, beside the other files that do
            // not read: nothing is imported.
            Err(e @ StoreError::InvalidCanvasId { .. }) => errors.push(ParseError::new(
                &file,
                crate::format::ParseErrorKind::Model,
                crate::format::Location {
                    line: None,
                    column: None,
                    pointer: Some("/product/id".to_owned()),
                },
                e.to_string(),
            )),
            Err(e) => return Err(e),
        }
    }
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(StoreError::Import { errors })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc_with_milliseconds() {
        let t = now_rfc3339();
        // `2026-11-24T13:07:37.123Z`: sortable as text, as the store relies on.
        assert_eq!(t.len(), 24, "{t}");
        assert!(
            t.ends_with('Z') && t.as_bytes()[10] == b'T' && t.as_bytes()[19] == b'.',
            "{t}"
        );
        assert!(chrono::DateTime::parse_from_rfc3339(&t).is_ok(), "{t}");
    }

    #[test]
    fn ids_that_cannot_be_file_names_are_refused() {
        assert!(check_canvas_id("orders").is_ok());
        assert!(check_canvas_id("").is_err());
        assert!(check_canvas_id("../x").is_err());
        assert!(check_canvas_id("a/b").is_err());
        assert!(check_canvas_id(".hidden").is_err());
    }

    #[test]
    fn export_paths_stay_below_the_folder() {
        assert!(check_relative_path("sales/orders.canvas.json"));
        assert!(!check_relative_path("../orders.canvas.json"));
        assert!(!check_relative_path("/etc/passwd"));
        assert!(!check_relative_path("a//b"));
    }
}

#[cfg(test)]
mod id_tests {
    use super::check_canvas_id;

    #[test]
    fn ids_that_cannot_be_file_names_on_some_platform_are_refused() {
        for id in [
            "orders",
            "console",
            "com0",
            "lpt10",
            "con-orders",
            "auxiliary",
        ] {
            assert!(check_canvas_id(id).is_ok(), "{id} is a fine file name");
        }
        for id in [
            "CON", "con", "Nul", "aux.v2", "com1", "LPT9", "orders.", "orders ", ".hidden", "a/b",
            "a:b", "",
        ] {
            assert!(check_canvas_id(id).is_err(), "{id:?} must be refused");
        }
    }
}
