//! The facade the desktop app's commands call: one open workspace plus the
//! subsystems that act on it (list, load, save with conflict detection,
//! check, mesh graph, export, import, history), so that each Tauri command
//! is a few lines that take their `State`, call a [`Studio`] method and map
//! the error to [`crate::wire::WireError`].
//!
//! A workspace is the SQLite store of [`crate::store`] (every saved
//! revision kept). The app's dialogs pick folders, so a workspace can be
//! named by its folder: the store file is then
//! [`store::DEFAULT_WORKSPACE_FILE`] inside it.
//!
//! The open workspace is a cheap handle (a connection pool) cloned out of a
//! short lock, so a slow export never blocks a save.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use crate::format;
use crate::import;
use crate::manifest;
use crate::model::{
    Archetype, Canvas, Consumer, ConsumerKind, Field, InputPort, InputSource, LifecycleStatus,
    LogicalType, OutputPort, PortKind, ProductId, SchemaObject, Slo, SloDimension, SloUnit,
};
use crate::standards::{MeshCheck, Standards};
use crate::store::{self, Workspace};
use crate::wire::{
    CanvasDiff, CanvasSummary, ExistingCanvas, ExportOptions, ExportSummary, ExportedFile, Finding,
    FindingCounts, ImportAction, ImportChoice, ImportItem, ImportedCanvas, MeshGraph, RevisionInfo,
    RuleInfo, StoredCanvas, WireError, WorkspaceInfo,
};

/// The message of the app's autosaves (the UI sends the same text,
/// `AUTOSAVE_MESSAGE` in `ui/src/state/sync.ts`); the history folds them
/// between save points.
pub const AUTOSAVE_MESSAGE: &str = "Edited on the board";

/// How many workspaces [`Studio::recent_workspaces`] remembers.
const RECENT_LIMIT: usize = 10;

/// What can go wrong in the studio itself (the subsystems' errors pass
/// through `crate::Error` unchanged).
#[derive(Debug, thiserror::Error)]
pub enum StudioError {
    /// A command that needs a workspace ran before one was opened.
    #[error("no workspace is open: open or create one first")]
    NoWorkspace,
    /// A canvas to create whose product id is taken.
    #[error("a canvas with product id \"{0}\" already exists in this workspace; choose another id")]
    AlreadyExists(String),
    /// A canvas to create whose product id a deleted canvas has.
    #[error(
        "a deleted canvas has product id \"{0}\"; bring it back from the deleted canvases, or \
         choose another id"
    )]
    DeletedExists(String),
    /// The product id cannot be used.
    #[error(transparent)]
    InvalidId(#[from] crate::model::InvalidProductId),
}

/// The app's view of the core: the open workspace and what acts on it.
#[derive(Debug)]
pub struct Studio {
    workspace: RwLock<Option<Workspace>>,
    standards: Arc<Standards>,
    /// The open workspace's canvases and their findings, kept up to date
    /// incrementally: an edit rechecks only the canvas and its neighbours.
    mesh: Mutex<MeshCheck>,
    /// Where the list of recently opened workspaces is kept (a JSON array of
    /// paths, newest first); `None` keeps no list.
    recent_file: Option<PathBuf>,
    /// Who the revisions saved from this app are attributed to.
    author: String,
    /// Why the standards packs did not load at start, when they did not
    /// (see [`Studio::starting`]).
    standards_problem: Option<WireError>,
    /// Why the start-up workspace could not be opened; cleared once
    /// another workspace is opened or created.
    start_problem: Mutex<Option<WireError>>,
    /// Whether the start-up workspace is open (or failed to): `false`
    /// while the app opens it in the background (see
    /// [`Studio::begin_start`]), when every call that needs it waits.
    started: tokio::sync::watch::Sender<bool>,
}

/// The store file a workspace path names: the path itself, or the default
/// file inside it when it is a folder (or, not existing yet, has no
/// extension, as a folder name usually has not).
fn store_file(path: &Path) -> PathBuf {
    if path.is_dir() || (!path.exists() && path.extension().is_none()) {
        path.join(store::DEFAULT_WORKSPACE_FILE)
    } else {
        path.to_path_buf()
    }
}

/// What the app was started with: the paths a file manager's "Open with"
/// (a double-click on a file type the app is registered for) or the command
/// line hands it, sorted by what the app does with each.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StartFiles {
    /// The workspace to open instead of the default one: the first path
    /// that is a workspace file (an SQLite file) or a folder holding one.
    pub workspace: Option<PathBuf>,
    /// Everything else: canvases and manifests whose import is previewed,
    /// and asked about, once a workspace is open. A second workspace lands
    /// here too, where the import says it is not a canvas, naming it.
    pub import: Vec<PathBuf>,
}

impl StartFiles {
    /// Sorts the arguments; those starting with `-` are options, not files.
    #[must_use]
    pub fn sort(args: impl IntoIterator<Item = std::ffi::OsString>) -> Self {
        let mut sorted = Self::default();
        for arg in args {
            if arg.to_string_lossy().starts_with('-') {
                continue;
            }
            let path = PathBuf::from(arg);
            let is_workspace = if path.is_dir() {
                path.join(store::DEFAULT_WORKSPACE_FILE).is_file()
            } else {
                store::sqlite::is_sqlite_file(&path)
            };
            if is_workspace && sorted.workspace.is_none() {
                sorted.workspace = Some(path);
            } else {
                sorted.import.push(path);
            }
        }
        sorted
    }
}

impl Studio {
    /// A studio with no workspace open yet, checking against `standards`.
    /// `recent_file` is where recently opened workspaces are remembered (the
    /// app passes a file in its config folder); `author` is recorded with
    /// every revision saved.
    #[must_use]
    pub fn new(standards: Standards, recent_file: Option<PathBuf>, author: &str) -> Self {
        let standards = Arc::new(standards);
        Self {
            workspace: RwLock::new(None),
            mesh: Mutex::new(MeshCheck::new(Arc::clone(&standards), Vec::new())),
            standards,
            recent_file,
            author: author.to_owned(),
            standards_problem: None,
            start_problem: Mutex::new(None),
            started: tokio::sync::watch::Sender::new(true),
        }
    }

    /// Says that the start-up workspace is being opened in the background:
    /// until [`Studio::start`] has finished, calls that need a workspace
    /// wait for it instead of finding none, and the app's window is not
    /// held back while a large workspace opens.
    pub fn begin_start(&self) {
        self.started.send_replace(false);
    }

    /// Waits until the start-up workspace is open (or could not be).
    pub async fn ready(&self) {
        let mut rx = self.started.subscribe();
        // The sender lives as long as `self`: waiting cannot fail.
        let _ = rx.wait_for(|started| *started).await;
    }

    /// The studio the desktop app starts with: the standards packs in
    /// `standards_dir` (the shell finds the folder), or, when they cannot
    /// be loaded, no standards and the problem kept for
    /// [`Studio::standards_problem`]: the app still starts, says that
    /// nothing is checked, and the export gate refuses unchecked exports
    /// unless findings are allowed.
    #[must_use]
    pub fn starting(
        standards_dir: Result<PathBuf, WireError>,
        recent_file: Option<PathBuf>,
        author: &str,
    ) -> Self {
        let (standards, problem) = match standards_dir {
            Err(problem) => (
                Standards::unavailable(Path::new(""), problem.message.clone()),
                Some(problem),
            ),
            Ok(dir) => match Standards::load(&dir) {
                Ok(standards) => (standards, None),
                Err(e) => {
                    let problem = start_problem(&dir, &crate::Error::from(e));
                    (
                        Standards::unavailable(&dir, problem.message.clone()),
                        Some(problem),
                    )
                }
            },
        };
        Self {
            standards_problem: problem,
            ..Self::new(standards, recent_file, author)
        }
    }

    /// Why the standards packs did not load at start, when they did not.
    #[must_use]
    pub fn standards_problem(&self) -> Option<WireError> {
        self.standards_problem.clone()
    }

    /// Opens the workspace the app starts on (`workspace`: its path and
    /// the folder to seed a new one from, as the shell found them). When
    /// it cannot be opened the app still starts without one: the problem,
    /// naming the file, is what [`Studio::start_problem`] returns until
    /// another workspace is opened or created.
    pub async fn start(&self, workspace: Result<(PathBuf, Option<PathBuf>), WireError>) {
        let opened = match workspace {
            Ok((path, seed)) => self
                .open_or_create(&path, seed.as_deref())
                .await
                .map_err(|e| start_problem(&path, &e)),
            Err(problem) => Err(problem),
        };
        *self.start_slot() = opened.err();
        self.started.send_replace(true);
    }

    /// Why the start-up workspace could not be opened, while no other one
    /// has been.
    #[must_use]
    pub fn start_problem(&self) -> Option<WireError> {
        self.start_slot().clone()
    }

    fn start_slot(&self) -> std::sync::MutexGuard<'_, Option<WireError>> {
        self.start_problem
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The open workspace's handle, once the start-up workspace is open.
    async fn ws(&self) -> crate::Result<Workspace> {
        self.ready().await;
        self.ws_now()
    }

    /// The open workspace's handle, now.
    fn ws_now(&self) -> crate::Result<Workspace> {
        self.workspace
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
            .ok_or_else(|| StudioError::NoWorkspace.into())
    }

    fn mesh(&self) -> std::sync::MutexGuard<'_, MeshCheck> {
        self.mesh
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Makes `ws` the open workspace and checks all its canvases.
    async fn set(&self, ws: Workspace) -> crate::Result<()> {
        let mut canvases = Vec::new();
        for r in ws.list().await? {
            canvases.push(ws.load(&r.id).await?.canvas);
        }
        let released = ws.released_canvases().await?;
        let mut mesh = MeshCheck::new(Arc::clone(&self.standards), canvases);
        mesh.set_baseline(released);
        *self.mesh() = mesh;
        *self
            .workspace
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(ws);
        Ok(())
    }

    /// Opens the workspace at `path`, creating it (and importing the
    /// canvases under `seed`, when given) if there is none: what the app
    /// does on start with its default workspace.
    pub async fn open_or_create(&self, path: &Path, seed: Option<&Path>) -> crate::Result<()> {
        let file = store_file(path);
        if file.exists() {
            self.open_now(&file).await?;
        } else {
            self.create_now(&file).await?;
            if let Some(seed) = seed {
                let ws = self.ws_now()?;
                ws.import_dir(seed, &self.author).await?;
                self.set(ws).await?;
            }
        }
        Ok(())
    }

    /// The open workspace's path and size.
    pub async fn workspace_info(&self) -> crate::Result<WorkspaceInfo> {
        self.ready().await;
        self.info_now().await
    }

    /// The open workspace's path and size, without waiting for the
    /// start-up workspace (which this is part of opening).
    async fn info_now(&self) -> crate::Result<WorkspaceInfo> {
        let ws = self.ws_now()?;
        let count = ws.list().await?.len();
        Ok(WorkspaceInfo {
            path: ws.path().display().to_string(),
            canvas_count: u32::try_from(count).unwrap_or(u32::MAX),
        })
    }

    /// Opens an existing workspace (its file, or the folder holding it).
    pub async fn workspace_open(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        self.ready().await;
        self.open_now(path).await
    }

    async fn open_now(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        let ws = Workspace::open(&store_file(path)).await?;
        self.remember(ws.path())?;
        self.set(ws).await?;
        self.start_slot().take();
        self.info_now().await
    }

    /// Creates a new, empty workspace and opens it: at `path`, or inside it
    /// when `path` is a folder.
    pub async fn workspace_create(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        self.ready().await;
        self.create_now(path).await
    }

    async fn create_now(&self, path: &Path) -> crate::Result<WorkspaceInfo> {
        let file = store_file(path);
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, &e))?;
        }
        let ws = Workspace::create(&file).await?;
        self.remember(ws.path())?;
        self.set(ws).await?;
        self.start_slot().take();
        self.info_now().await
    }

    /// Recently opened workspaces, newest first, that still exist.
    pub async fn recent_workspaces(&self) -> crate::Result<Vec<String>> {
        Ok(self
            .read_recent()?
            .into_iter()
            .filter(|p| Path::new(p).exists())
            .collect())
    }

    /// Every canvas of the workspace, sorted by domain then id.
    pub async fn canvas_list(&self) -> crate::Result<Vec<CanvasSummary>> {
        let records = self.ws().await?.list().await?;
        let mesh = self.mesh();
        Ok(records
            .into_iter()
            .map(|r| {
                let counts = FindingCounts::of(&mesh.findings_for(&r.id));
                r.summary(counts)
            })
            .collect())
    }

    /// The canvases a new one can start from: a blank one, then one per
    /// archetype with the cards that archetype typically needs.
    #[must_use]
    pub fn canvas_templates(&self) -> Vec<Canvas> {
        templates()
    }

    /// One canvas at its newest revision.
    pub async fn canvas_load(&self, id: &str) -> crate::Result<StoredCanvas> {
        Ok(self.ws().await?.load(id).await?)
    }

    /// Adds a new canvas to the workspace as its first revision.
    pub async fn canvas_create(&self, canvas: Canvas) -> crate::Result<StoredCanvas> {
        let ws = self.ws().await?;
        let id = ProductId::parse(&canvas.product.id)
            .map_err(StudioError::from)?
            .into_string();
        if ws.list().await?.iter().any(|r| r.id == id) {
            return Err(StudioError::AlreadyExists(id).into());
        }
        if ws.archived().await?.iter().any(|r| r.id == id) {
            return Err(StudioError::DeletedExists(id).into());
        }
        let revision = ws.save(&canvas, None, &self.author, "created").await?;
        let saved_at = ws.saved_at(&id, revision).await?;
        self.mesh().upsert(canvas.clone());
        Ok(StoredCanvas {
            canvas,
            revision,
            saved_at,
        })
    }

    /// Saves a canvas as a new revision on top of `base_revision`. Fails
    /// with a conflict when another save came first.
    pub async fn canvas_save(
        &self,
        canvas: Canvas,
        base_revision: i64,
        message: &str,
    ) -> crate::Result<StoredCanvas> {
        let ws = self.ws().await?;
        let canvas = match ws.revision(&canvas.product.id, base_revision).await {
            Ok(base) => keep_written_numbers(canvas, &base.canvas),
            // A new id or a revision gone: the save itself says what is wrong.
            Err(_) => canvas,
        };
        let revision = ws
            .save(&canvas, Some(base_revision), &self.author, message)
            .await?;
        let saved_at = ws.saved_at(&canvas.product.id, revision).await?;
        self.mesh().upsert(canvas.clone());
        Ok(StoredCanvas {
            canvas,
            revision,
            saved_at,
        })
    }

    /// Merges a draft based on `base_revision` with what was saved since
    /// (three-way, field by field, [`crate::merge`]); saves nothing. The
    /// conflicts are resolved as `choices` says, one per conflict, or to
    /// the saved side; the result names the revision to save it on.
    pub async fn canvas_merge(
        &self,
        canvas: Canvas,
        base_revision: i64,
        choices: Option<&[crate::merge::Side]>,
    ) -> crate::Result<crate::merge::Merged> {
        let ws = self.ws().await?;
        let id = canvas.product.id.clone();
        let base = ws.revision(&id, base_revision).await?;
        let newest = ws.load(&id).await?;
        let mut merged = crate::merge::three_way(&base.canvas, &canvas, &newest.canvas, choices)?;
        merged.revision = newest.revision;
        Ok(merged)
    }

    /// Saves the canvas (when it differs from `base_revision`) and names the
    /// revision it is at a save point with `message`. Saving a canvas
    /// unchanged names `base_revision` itself; naming a revision again
    /// replaces its message.
    pub async fn canvas_save_point(
        &self,
        canvas: Canvas,
        base_revision: i64,
        message: &str,
    ) -> crate::Result<StoredCanvas> {
        let message = message.trim();
        if message.is_empty() {
            return Err(crate::Error::InvalidArgument(
                "a save point needs a message: say what this version is".to_owned(),
            ));
        }
        let stored = self
            .canvas_save(canvas, base_revision, AUTOSAVE_MESSAGE)
            .await?;
        self.ws()
            .await?
            .save_point(
                &stored.canvas.product.id,
                stored.revision,
                &self.author,
                message,
            )
            .await?;
        Ok(stored)
    }

    /// The products whose input ports read product `id`, sorted: what a
    /// rename updates and what a delete leaves dangling.
    pub async fn canvas_readers(&self, id: &str) -> crate::Result<Vec<String>> {
        self.ready().await;
        let all = self.all_canvases().await?;
        Ok(crate::mesh::ProductGraph::of(&all)
            .readers(id)
            .into_iter()
            .filter(|&r| r != id)
            .map(str::to_owned)
            .collect())
    }

    /// What saving `draft` would break, asked before an autosave: the
    /// breaking changes since its newest stored revision, each naming the
    /// workspace's products that read the changed port. `None` when nothing
    /// breaks, or when the stored product is not active (a draft or a
    /// retired product has no consumers to warn), or when it was never
    /// saved.
    pub async fn canvas_impact(
        &self,
        draft: Canvas,
    ) -> crate::Result<Option<crate::change::ProductChanges>> {
        let ws = self.ws().await?;
        let Ok(stored) = ws.load(&draft.product.id).await else {
            return Ok(None);
        };
        if stored.canvas.product.status != LifecycleStatus::Active {
            return Ok(None);
        }
        let Some(mut product) = crate::change::compare(
            std::slice::from_ref(&stored.canvas),
            std::slice::from_ref(&draft),
        )
        .into_iter()
        .next() else {
            return Ok(None);
        };
        product
            .changes
            .retain(|c| c.impact == crate::change::Impact::Breaking);
        if product.changes.is_empty() {
            return Ok(None);
        }
        // Asked before every autosave: the mesh is read only when something breaks.
        let mesh = self.all_canvases().await?;
        for c in &mut product.changes {
            c.breaks =
                crate::change::readers([&mesh, &[]], &stored.canvas.product.id, c.port.as_deref());
        }
        Ok(Some(product))
    }

    /// Releases the newest revision of canvas `id` under its product's
    /// version: the baseline the versioning rule judges the next version
    /// against, on the board from now on.
    pub async fn canvas_release(&self, id: &str) -> crate::Result<store::Release> {
        let ws = self.ws().await?;
        let newest = ws.load(id).await?;
        let release = ws.release(id, newest.revision, &self.author).await?;
        let released = ws.released_canvases().await?;
        self.mesh().set_baseline(released);
        Ok(release)
    }

    /// The releases of canvas `id`, oldest first.
    pub async fn canvas_releases(&self, id: &str) -> crate::Result<Vec<store::Release>> {
        Ok(self.ws().await?.releases(id).await?)
    }

    /// What changed between two revisions of canvas `id`, classified (the
    /// history's changelog between releases).
    pub async fn history_changes(
        &self,
        id: &str,
        from: i64,
        to: i64,
    ) -> crate::Result<Option<crate::change::ProductChanges>> {
        let ws = self.ws().await?;
        let (a, b) = (
            ws.revision(id, from).await?.canvas,
            ws.revision(id, to).await?.canvas,
        );
        let mut products =
            crate::change::compare(std::slice::from_ref(&a), std::slice::from_ref(&b));
        let breaks = products
            .iter()
            .any(|p| p.impact == crate::change::Impact::Breaking);
        let mesh = if breaks {
            self.all_canvases().await?
        } else {
            Vec::new()
        };
        for p in &mut products {
            for c in &mut p.changes {
                if c.impact == crate::change::Impact::Breaking {
                    c.breaks = crate::change::readers([&mesh, &[]], id, c.port.as_deref());
                }
            }
        }
        Ok(products.into_iter().next())
    }

    /// Gives product `old` the id `new`: the canvas moves to the new id
    /// (its revisions stay under the old one, archived), and every input
    /// port in the workspace that read `old` reads `new` (its contract id
    /// too, when it was the one export made), each reader saved as a new
    /// revision; all in one transaction. Returns the canvas under its new
    /// id.
    pub async fn canvas_rename(&self, old: &str, new: &str) -> crate::Result<StoredCanvas> {
        ProductId::parse(new).map_err(StudioError::from)?;
        let ws = self.ws().await?;
        let mut renamed = ws.load(old).await?.canvas;
        renamed.product.id = new.to_owned();
        let mut readers = Vec::new();
        for id in self.canvas_readers(old).await? {
            let mut c = ws.load(&id).await?.canvas;
            for p in &mut c.input_ports {
                if let InputSource::Product {
                    product_id,
                    port_id,
                } = &mut p.source
                    && product_id == old
                {
                    if p.contract_id.as_deref() == Some(&manifest::contract_id(old, port_id)) {
                        p.contract_id = Some(manifest::contract_id(new, port_id));
                    }
                    new.clone_into(product_id);
                }
            }
            readers.push(c);
        }
        ws.rename(old, &renamed, &readers, &self.author).await?;
        {
            let mut mesh = self.mesh();
            mesh.remove(old);
            mesh.upsert(renamed);
            for c in readers {
                mesh.upsert(c);
            }
        }
        Ok(ws.load(new).await?)
    }

    /// Deletes a canvas from the workspace: it leaves the lists, the map and
    /// exports, and its revisions are kept so
    /// [`Studio::canvas_bring_back`] can restore it. Products that read it
    /// then read a product that is not there, which their findings say.
    pub async fn canvas_delete(&self, id: &str) -> crate::Result<()> {
        self.ws().await?.archive(id).await?;
        self.mesh().remove(id);
        Ok(())
    }

    /// The deleted canvases, to bring back.
    pub async fn canvas_deleted(&self) -> crate::Result<Vec<CanvasSummary>> {
        Ok(self
            .ws()
            .await?
            .archived()
            .await?
            .into_iter()
            .map(|r| r.summary(FindingCounts::default()))
            .collect())
    }

    /// Brings a deleted canvas back, as it was.
    pub async fn canvas_bring_back(&self, id: &str) -> crate::Result<StoredCanvas> {
        let ws = self.ws().await?;
        if ws.list().await?.iter().any(|r| r.id == id) {
            return Err(StudioError::AlreadyExists(id.to_owned()).into());
        }
        ws.unarchive(id).await?;
        let stored = ws.load(id).await?;
        self.mesh().upsert(stored.canvas.clone());
        Ok(stored)
    }

    /// The findings of a canvas as edited (a draft), in the context of the
    /// workspace's mesh, without saving it. Changes nothing: the home
    /// view's badges, the mesh map and the export gate still judge the
    /// saved canvases (only saving and restoring change them).
    pub async fn check_draft(&self, canvas: Canvas) -> crate::Result<Vec<Finding>> {
        self.ready().await;
        Ok(self.mesh().check_draft(canvas))
    }

    /// Starts a workshop on a canvas (or carries on its unfinished one);
    /// saves nothing.
    #[must_use]
    pub fn workshop_start(&self, mut canvas: Canvas) -> Canvas {
        crate::workshop::start(&mut canvas, chrono::Utc::now());
        canvas
    }

    /// A new canvas for a workshop, blank or with an archetype's example
    /// stickies, its workshop started; saves nothing.
    #[must_use]
    pub fn workshop_template(
        &self,
        id: &str,
        name: &str,
        domain: &str,
        archetype: Option<crate::model::Archetype>,
    ) -> Canvas {
        crate::workshop::template(id, name, domain, archetype, chrono::Utc::now())
    }

    /// Applies a facilitator's action (next, pause, extend…) to the canvas's
    /// workshop, now; saves nothing.
    pub fn workshop_act(
        &self,
        mut canvas: Canvas,
        action: &crate::workshop::WorkshopAction,
    ) -> crate::Result<Canvas> {
        crate::workshop::apply(&mut canvas, action, chrono::Utc::now())?;
        Ok(canvas)
    }

    /// Turns a sticky into a typed card; saves nothing.
    pub fn workshop_convert(
        &self,
        canvas: Canvas,
        note_id: &str,
        target: crate::workshop::StickyTarget,
        into: Option<&str>,
    ) -> crate::Result<crate::workshop::Converted> {
        Ok(crate::workshop::convert(canvas, note_id, target, into)?)
    }

    /// The workshop summary in Markdown, with the draft's findings.
    pub async fn workshop_summary(&self, canvas: Canvas) -> crate::Result<String> {
        let findings = self.check_draft(canvas.clone()).await?;
        Ok(crate::workshop::summary(
            &canvas,
            &findings,
            chrono::Utc::now(),
        ))
    }

    /// Writes what a workshop takes home into `out_dir`: the poster in the
    /// formats asked for and the summary; returns the files written.
    pub async fn take_home(
        &self,
        canvas: Canvas,
        out_dir: &Path,
        options: &crate::poster::TakeHome,
    ) -> crate::Result<Vec<String>> {
        let findings = self.check_draft(canvas.clone()).await?;
        let written =
            crate::poster::take_home(&canvas, &findings, out_dir, options, chrono::Utc::now())?;
        Ok(written.iter().map(|p| p.display().to_string()).collect())
    }

    /// The rules of the standards packs in force.
    #[must_use]
    pub fn standards_rules(&self) -> Vec<RuleInfo> {
        self.standards.rules()
    }

    /// Every canvas of the workspace at its newest revision.
    async fn all_canvases(&self) -> crate::Result<Vec<Canvas>> {
        let ws = self.ws().await?;
        let mut out = Vec::new();
        for r in ws.list().await? {
            out.push(ws.load(&r.id).await?.canvas);
        }
        Ok(out)
    }

    /// The mesh: every product a node, every input port that reads another
    /// product's output port an edge (unresolved when that port does not
    /// exist).
    pub async fn mesh_graph(&self) -> crate::Result<MeshGraph> {
        self.ws().await?;
        Ok(self.mesh().graph())
    }

    /// The canvases of an export (those named; `None`: all) and the whole
    /// mesh, which the export reads upstream versions from.
    async fn export_set(
        &self,
        product_ids: &[String],
    ) -> crate::Result<(Option<Vec<Canvas>>, Vec<Canvas>)> {
        let all = self.all_canvases().await?;
        if product_ids.is_empty() {
            return Ok((None, all));
        }
        for id in product_ids {
            if !all.iter().any(|c| &c.product.id == id) {
                // Never saved, or deleted.
                return Err(store::StoreError::CanvasNotFound { id: id.clone() }.into());
            }
        }
        let chosen = all
            .iter()
            .filter(|c| product_ids.contains(&c.product.id))
            .cloned()
            .collect();
        Ok((Some(chosen), all))
    }

    /// The files an export would write, with their content; writes nothing.
    pub async fn export_preview(
        &self,
        product_ids: &[String],
        options: &ExportOptions,
    ) -> crate::Result<Vec<ExportedFile>> {
        self.ready().await;
        let (chosen, mesh) = self.export_set(product_ids).await?;
        let canvases = chosen.as_deref().unwrap_or(&mesh);
        let findings: Vec<Finding> = {
            let mesh = self.mesh();
            canvases
                .iter()
                .flat_map(|c| mesh.findings_for(&c.product.id))
                .collect()
        };
        crate::gate::decide(&self.standards, &findings, options.allow_findings)?;
        Ok(manifest::export_files_in(canvases, &mesh, options, None)?)
    }

    /// Writes the export bundle into `out_dir`, atomically.
    pub async fn export_bundle(
        &self,
        product_ids: &[String],
        out_dir: &Path,
        options: &ExportOptions,
    ) -> crate::Result<ExportSummary> {
        self.ready().await;
        let files = self.export_preview(product_ids, options).await?;
        Ok(manifest::write_bundle(&files, out_dir)?)
    }

    /// Reads files for import (`*.canvas.json` files as they are, ODPS and
    /// ODCS manifests through [`manifest::import_paths`]) and previews
    /// what each would become in the open workspace: a free id and a name,
    /// and the canvas it meets. Adds nothing: [`Self::import_commit`] does,
    /// with the user's choices.
    pub async fn import_files(&self, paths: &[PathBuf]) -> crate::Result<Vec<ImportItem>> {
        self.ready().await;
        let (canvas_files, manifests): (Vec<PathBuf>, Vec<PathBuf>) = paths
            .iter()
            .cloned()
            .partition(|p| p.to_string_lossy().ends_with(format::CANVAS_SUFFIX));
        let mut out = Vec::new();
        for path in canvas_files {
            out.push(ImportedCanvas {
                canvas: format::read_canvas_file(&path)?,
                sources: vec![path.display().to_string()],
                kept_in_extensions: Vec::new(),
                warnings: Vec::new(),
            });
        }
        if !manifests.is_empty() {
            out.extend(manifest::import_paths(&manifests)?);
        }
        Ok(import::preview(out, &self.known_canvases().await?))
    }

    /// Applies the import choices: each imported canvas is added as new,
    /// replaces the canvas it met (a new revision; the history keeps the
    /// old), or has its output ports attached to another product (a new
    /// revision of that product). Every choice is checked first; when one
    /// cannot be applied nothing is saved. Returns the canvases as saved,
    /// in the order given.
    pub async fn import_commit(
        &self,
        choices: Vec<ImportChoice>,
    ) -> crate::Result<Vec<StoredCanvas>> {
        import::validate(&choices, &self.known_canvases().await?)?;
        let ws = self.ws().await?;
        // Every canvas is made first, then all are saved in one
        // transaction: a choice the store refuses (a canvas that would not
        // read back, a save that came first) leaves the workspace as it was.
        // A product chosen again (replaced, then attached to) is taken as
        // this batch left it.
        let mut made: std::collections::HashMap<String, Canvas> = std::collections::HashMap::new();
        let mut saves = Vec::with_capacity(choices.len());
        for ImportChoice { mut canvas, action } in choices {
            let (id, base, message) = match action {
                ImportAction::New { id, name } => {
                    canvas.product.id.clone_from(&id);
                    canvas.product.name = name;
                    (id, None, "imported".to_owned())
                }
                ImportAction::Replace { id } => {
                    let base = ws.load(&id).await?.revision;
                    canvas.product.id.clone_from(&id);
                    (id, Some(base), "replaced by an import".to_owned())
                }
                ImportAction::Attach { id } => {
                    let (mut target, base) = if let Some(c) = made.get(&id) {
                        (c.clone(), None)
                    } else {
                        let current = ws.load(&id).await?;
                        (current.canvas, Some(current.revision))
                    };
                    let from = canvas.product.id.clone();
                    let ports = canvas.output_ports.len();
                    let renamed = import::attach(&mut target, canvas);
                    canvas = target;
                    let renamed = if renamed.is_empty() {
                        String::new()
                    } else {
                        format!(" (renamed: {})", renamed.join(", "))
                    };
                    let message = format!(
                        "attached {ports} output port{} imported as {from}{renamed}",
                        if ports == 1 { "" } else { "s" }
                    );
                    (id, base, message)
                }
            };
            made.insert(id, canvas.clone());
            saves.push((canvas, base, message));
        }
        let revisions = ws.save_each(&saves, &self.author).await?;
        let mut stored = Vec::with_capacity(saves.len());
        for ((canvas, _, _), revision) in saves.into_iter().zip(revisions) {
            let saved_at = ws.saved_at(&canvas.product.id, revision).await?;
            self.mesh().upsert(canvas.clone());
            stored.push(StoredCanvas {
                canvas,
                revision,
                saved_at,
            });
        }
        Ok(stored)
    }

    /// The workspace's canvases, deleted ones included, as an import meets them.
    async fn known_canvases(&self) -> crate::Result<Vec<ExistingCanvas>> {
        let ws = self.ws().await?;
        let live = ws.list().await?.into_iter().map(|r| (r, false));
        let deleted = ws.archived().await?.into_iter().map(|r| (r, true));
        Ok(live
            .chain(deleted)
            .map(|(r, deleted)| ExistingCanvas {
                id: r.id,
                name: r.name,
                deleted,
            })
            .collect())
    }

    /// A canvas's revisions, newest first.
    pub async fn history_list(&self, id: &str) -> crate::Result<Vec<RevisionInfo>> {
        let mut list = self.ws().await?.history(id).await?;
        list.reverse();
        Ok(list)
    }

    /// One revision of a canvas.
    pub async fn history_load(&self, id: &str, revision: i64) -> crate::Result<StoredCanvas> {
        Ok(self.ws().await?.revision(id, revision).await?)
    }

    /// The structural diff between two revisions.
    pub async fn history_diff(&self, id: &str, from: i64, to: i64) -> crate::Result<CanvasDiff> {
        Ok(self.ws().await?.diff(id, from, to).await?)
    }

    /// Makes an old revision the newest again, as a new revision.
    pub async fn history_restore(&self, id: &str, revision: i64) -> crate::Result<StoredCanvas> {
        let ws = self.ws().await?;
        ws.restore(id, revision, &self.author).await?;
        let restored = ws.load(id).await?;
        self.mesh().upsert(restored.canvas.clone());
        Ok(restored)
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
        contract_id: None,
        version: String::new(),
    });
    source.output_ports.push(OutputPort {
        id: "events".to_owned(),
        name: "Events".to_owned(),
        kind: PortKind::Table,
        status: LifecycleStatus::Draft,
        description: "One row per business event.".to_owned(),
        objects: vec![SchemaObject {
            name: "events".to_owned(),
            physical_type: "table".to_owned(),
            fields: vec![
                field("id", LogicalType::String, "The event's id."),
                field("occurred_at", LogicalType::Timestamp, "When it happened."),
            ],
            ..SchemaObject::default()
        }],
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
        objects: vec![SchemaObject {
            name: "view".to_owned(),
            physical_type: "view".to_owned(),
            ..SchemaObject::default()
        }],
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
        objects: vec![SchemaObject {
            name: "report".to_owned(),
            physical_type: "view".to_owned(),
            ..SchemaObject::default()
        }],
        slos: vec![
            slo(SloDimension::Freshness, 1.0, SloUnit::Days),
            slo(SloDimension::Availability, 99.0, SloUnit::Percent),
        ],
        ..OutputPort::default()
    });

    vec![blank, source, aggregate, consumer]
}

/// The canvas the app saves, with each number the webview could not hold
/// exactly as the revision it was edited from writes it. The webview reads
/// numbers as JavaScript doubles, so an extension's
/// `123456789012345678901234567890` comes back as `1.2345678901234568e29`
/// and `1.50` as `1.5`; where the edited canvas holds the same double at
/// the same place as `base`, `base`'s text is kept. A number the user
/// changed is a different double and is saved as typed.
fn keep_written_numbers(edited: Canvas, base: &Canvas) -> Canvas {
    fn restore(new: &mut serde_json::Value, old: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (new, old) {
            (Value::Number(n), Value::Number(o)) => {
                let same_double = n != o && n.as_f64().is_some() && n.as_f64() == o.as_f64();
                if same_double {
                    *n = o.clone();
                }
                same_double
            }
            (Value::Array(a), Value::Array(b)) => a
                .iter_mut()
                .zip(b)
                .fold(false, |changed, (n, o)| restore(n, o) | changed),
            (Value::Object(a), Value::Object(b)) => a.iter_mut().fold(false, |changed, (k, n)| {
                b.get(k).is_some_and(|o| restore(n, o)) | changed
            }),
            _ => false,
        }
    }
    let (Ok(mut new), Ok(old)) = (serde_json::to_value(&edited), serde_json::to_value(base)) else {
        return edited;
    };
    if !restore(&mut new, &old) {
        return edited;
    }
    // From the value's text: `serde_json::from_value` would read a `-0`
    // (arbitrary precision) as the integer 0.
    crate::manifest::read::from_value_exact(&new).unwrap_or(edited)
}

/// The error to show for what would not open at start (the workspace, the
/// standards folder): the core's, whose message names the file; prefixed
/// with the path when it does not.
#[must_use]
pub fn start_problem(path: &Path, error: &crate::Error) -> WireError {
    let mut wire = WireError::from(error);
    let shown = path.display().to_string();
    if !wire.message.contains(&shown) {
        wire.message = format!("{shown}: {}", wire.message);
    }
    wire
}
