//! Types that cross to the UI and are not part of the canvas model itself.
//! Every one is serde + ts-rs with camelCase fields; `crate::bindings` lists
//! them for export.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::CardKind;

/// The closed set of error codes the UI branches on. Never branch on message
/// text.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// A file or folder could not be read or written.
    Io,
    /// A canvas file is not valid (syntax, types, unknown fields, size).
    InvalidCanvas,
    /// A canvas was written by a newer Mesh Canvas.
    NewerFormat,
    /// A request argument makes no sense.
    InvalidArgument,
    /// An ODPS/ODCS document could not be read (syntax, types, size,
    /// unknown apiVersion).
    InvalidManifest,
    /// An export was refused: a dependency cycle, duplicate ids, paths that
    /// collide.
    ExportRefused,
    /// Another save came first: load the newest revision, merge, save again.
    Conflict,
    /// No such canvas, revision or workspace.
    NotFound,
    /// A file that is not a Mesh Canvas workspace.
    NotAWorkspace,
    /// A workspace file whose database is damaged.
    CorruptWorkspace,
    /// The workspace is being written by another process; try again.
    Busy,
    /// A workspace database failure not covered above.
    Storage,
    /// The standards packs are missing or cannot be loaded.
    InvalidStandards,
}

/// The one error shape on the wire.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WireError {
    pub code: ErrorCode,
    pub message: String,
}

impl From<&crate::Error> for WireError {
    fn from(e: &crate::Error) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<crate::Error> for WireError {
    fn from(e: crate::Error) -> Self {
        Self::from(&e)
    }
}

/// How serious a finding is.
#[derive(
    Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks approval and export.
    Error,
    /// Should be fixed.
    #[default]
    Warning,
    /// Good to know.
    Info,
}

impl Severity {
    /// The severity as packs, reports and the UI spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a check reports about one place in one canvas.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// The product (canvas) the finding is about.
    pub product_id: String,
    /// JSON pointer into that canvas (`""` is the whole canvas).
    pub pointer: String,
    /// The standard's id, e.g. `output-port-has-freshness-slo`.
    pub rule_id: String,
    pub severity: Severity,
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The pack the rule comes from, and its version.
    pub pack_id: String,
    pub pack_version: String,
    /// Set when a valid waiver on the canvas covers this finding.
    pub waived: Option<WaiverRef>,
    /// The board block that shows the place `pointer` names.
    pub block: Block,
    /// The card holding that place, when the pointer goes into one.
    pub card: Option<CardRef>,
}

/// A block of the board, laid out as the printed Data Product Canvas
/// ([`crate::board`] says which block shows what).
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "camelCase")]
pub enum Block {
    /// The poster's title: id, name, version, status.
    Name,
    Domain,
    /// The purpose, and the policies that bind the product (with its
    /// waivers).
    Purpose,
    Consumers,
    /// The input ports.
    Inbound,
    Design,
    OutputPorts,
    Metadata,
    Observability,
    /// The archetype.
    Classification,
    /// The ubiquitous language.
    Language,
}

/// A card a finding is about: its kind, its id (a term's term) and its
/// index in its list, which tells apart two cards with one id (from a file
/// edited by hand).
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "camelCase")]
pub struct CardRef {
    pub kind: CardKind,
    pub id: String,
    pub index: u32,
}

/// What the board knows about one kind of card: where its list sits in a
/// canvas, which field names a card, what people call it and which block
/// shows it. The UI's table of card kinds is generated from
/// [`CardKind::info`].
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CardKindInfo {
    pub kind: CardKind,
    /// The kind's name as the board shows it, e.g. `Output port`.
    pub label: String,
    /// JSON pointer of the list in a canvas, e.g. `/design/steps`.
    pub pointer: String,
    /// The field of an item that names its card: `id`, or a term's `term`.
    pub id_field: String,
    pub block: Block,
}

/// The waiver that covers a finding.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "camelCase")]
pub struct WaiverRef {
    /// Index of the waiver in the canvas's `waivers`.
    pub index: u32,
    pub reason: String,
    pub approver: String,
    pub expires: Option<String>,
}

/// Finding counts by severity, not counting waived findings.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct FindingCounts {
    pub errors: u32,
    pub warnings: u32,
    pub infos: u32,
    pub waived: u32,
}

impl FindingCounts {
    /// Counts a list of findings.
    #[must_use]
    pub fn of(findings: &[Finding]) -> Self {
        let mut c = Self::default();
        for f in findings {
            if f.waived.is_some() {
                c.waived += 1;
            } else {
                match f.severity {
                    Severity::Error => c.errors += 1,
                    Severity::Warning => c.warnings += 1,
                    Severity::Info => c.infos += 1,
                }
            }
        }
        c
    }
}

/// One standard, as `meshcanvas standards list` and the UI show it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub rationale: String,
    pub severity: Severity,
    /// `canvas`, `outputPort`, `inputPort`, `field` or `mesh`.
    pub scope: String,
    /// `schema`, `rego`, `mesh` or `builtin`.
    pub check_kind: String,
    pub pack_id: String,
    pub pack_version: String,
    /// The domain whose canvases the rule (or this severity) applies to;
    /// `None` for every canvas.
    pub domain: Option<String>,
    /// How to fix a finding of this rule.
    pub hint: String,
}

/// A canvas as the workspace home lists it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CanvasSummary {
    pub id: String,
    pub name: String,
    pub domain: String,
    pub status: crate::model::LifecycleStatus,
    pub archetype: crate::model::Archetype,
    pub version: String,
    /// The newest revision's number.
    #[ts(type = "number")]
    pub revision: i64,
    /// RFC 3339 time of the newest revision.
    pub updated_at: String,
    pub findings: FindingCounts,
}

/// A canvas as loaded from the workspace, with the revision it is at.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StoredCanvas {
    pub canvas: crate::model::Canvas,
    /// The revision number this document is; a save names it as its base.
    #[ts(type = "number")]
    pub revision: i64,
    /// When that revision was saved (RFC 3339, UTC): the date the Name
    /// block shows.
    pub saved_at: String,
}

/// One saved revision of a canvas.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RevisionInfo {
    pub canvas_id: String,
    /// 1, 2, 3 … per canvas.
    #[ts(type = "number")]
    pub revision: i64,
    pub author: String,
    pub message: String,
    /// RFC 3339.
    pub created_at: String,
    /// The message of the save point naming this revision, if one does:
    /// the history shows save points, and groups the autosaves between.
    pub save_point: Option<String>,
}

/// What happened to one place between two revisions.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One structural difference between two revisions.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DiffEntry {
    pub kind: ChangeKind,
    /// JSON pointer of the place in the canvas.
    pub pointer: String,
    /// The building block it belongs to, e.g. `outputPorts`.
    pub block: String,
    /// A human label: `output port "orders" › field "email" › PII`.
    pub label: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// The structural diff of two revisions of a canvas.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CanvasDiff {
    pub canvas_id: String,
    #[ts(type = "number")]
    pub from_revision: i64,
    #[ts(type = "number")]
    pub to_revision: i64,
    pub entries: Vec<DiffEntry>,
}

/// Which manifests to write.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub enum ManifestEncoding {
    #[default]
    Yaml,
    Json,
}

/// The ODCS version contracts are written in.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OdcsVersion {
    #[default]
    #[serde(rename = "v3.1.0")]
    V3_1_0,
    #[serde(rename = "v3.2.0")]
    V3_2_0,
}

/// The ODPS version products are written in.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum OdpsVersion {
    #[default]
    #[serde(rename = "v1.0.0")]
    V1_0_0,
    #[serde(rename = "v1.1.0")]
    V1_1_0,
}

/// Options of an export.
#[derive(Serialize, Deserialize, TS, Clone, Copy, Debug, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ExportOptions {
    pub encoding: ManifestEncoding,
    pub odcs_version: OdcsVersion,
    #[serde(default)]
    pub odps_version: OdpsVersion,
    /// Export even when a canvas has unwaived error findings.
    pub allow_findings: bool,
}

/// One file of an export, as previewed or written.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    /// Path relative to the bundle folder, `/`-separated.
    pub path: String,
    /// `odps`, `odcs`, `canvas`, `changelog` or `index`.
    pub kind: String,
    pub product_id: String,
    pub sha256: String,
    pub content: String,
}

/// What an export wrote.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    /// The bundle folder.
    pub out_dir: String,
    /// The files written, relative to `out_dir`, without their content.
    pub files: Vec<String>,
    /// Product ids, upstream first.
    pub deployment_order: Vec<String>,
}

/// One document read by an import.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ImportedCanvas {
    pub canvas: crate::model::Canvas,
    /// The files it came from.
    pub sources: Vec<String>,
    /// Names (JSON pointers into the source) of what had no place in the
    /// canvas and was kept in `extensions`.
    pub kept_in_extensions: Vec<String>,
    /// Warnings about what was read leniently.
    pub warnings: Vec<String>,
}

/// One canvas an import would add, as the import preview shows it: what
/// was read, the id and name it would get, and the workspace canvas it
/// would meet.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ImportItem {
    pub imported: ImportedCanvas,
    /// A free product id for it as a new canvas: its own when that is free
    /// and readable, else one made from its name (a contract's UUID is
    /// kept as its contract id), numbered until free.
    pub suggested_id: String,
    /// Its name, or one made from its id when the file names none.
    pub suggested_name: String,
    /// The workspace canvas with its own product id, if any: "replace"
    /// and "keep both" are then the choices.
    pub existing: Option<ExistingCanvas>,
}

/// A canvas an imported one meets by id.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ExistingCanvas {
    pub id: String,
    pub name: String,
    /// Deleted: its id stays taken until it is brought back or replaced.
    pub deleted: bool,
}

/// What the user chose for one imported canvas.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase", tag = "action")]
pub enum ImportAction {
    /// Add it as a new canvas with this product id and name.
    New { id: String, name: String },
    /// Save it as the newest revision of canvas `id` (the one it met); the
    /// history keeps what was there.
    Replace { id: String },
    /// Add its output ports (with their quality checks) to product `id`'s
    /// canvas as a new revision; the product's team and support stay.
    Attach { id: String },
}

/// One imported canvas and what to do with it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ImportChoice {
    pub canvas: crate::model::Canvas,
    pub action: ImportAction,
}

/// A product on the mesh map.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MeshNode {
    pub product_id: String,
    pub name: String,
    pub domain: String,
    pub status: crate::model::LifecycleStatus,
    pub archetype: crate::model::Archetype,
    /// Output port ids.
    pub output_ports: Vec<String>,
    pub findings: FindingCounts,
    /// The output ports with breaking changes since the product's last
    /// release: what releasing it now would break (empty without a release).
    #[serde(default)]
    pub breaking_ports: Vec<String>,
}

/// An input port consuming another product's output port.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MeshEdge {
    /// The producing product and its output port.
    pub from_product: String,
    pub from_port: String,
    /// The consuming product and its input port.
    pub to_product: String,
    pub to_port: String,
    /// Whether `from_product`/`from_port` exists.
    pub resolved: bool,
    /// Whether the port read has breaking changes since its product's last
    /// release: the consumer would break when it is released.
    #[serde(default)]
    pub breaking: bool,
}

/// The whole mesh, for the map.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct MeshGraph {
    pub nodes: Vec<MeshNode>,
    pub edges: Vec<MeshEdge>,
}

/// The workspace the app has open, as the title bar and home view show it.
#[derive(Serialize, Deserialize, TS, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct WorkspaceInfo {
    /// The workspace's path on disk.
    pub path: String,
    /// How many canvases it holds.
    pub canvas_count: u32,
}
