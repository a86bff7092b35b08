//! The SQLite backend of the workspace store: one file per workspace, WAL
//! mode, `synchronous = FULL` (a save that returned is on disk, whatever
//! happens to the process or the machine afterwards).
//!
//! Writes run in `BEGIN IMMEDIATE` transactions, so a writer takes the write
//! lock before it reads anything and concurrent writers queue on the busy
//! timeout instead of failing half-way; the conditional `UPDATE … WHERE
//! latest_revision = $base` is what detects a lost update, and it works the
//! same way on PostgreSQL.
//!
//! Opening is careful not to write before it knows what the file is: the
//! header is read as plain bytes, then a read-only connection checks the
//! database (`PRAGMA quick_check`), that it is a workspace, and its schema
//! version. Only then is the file opened for writing and migrated.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::str::FromStr as _;
use std::time::Duration;

use sqlx::Connection as _;
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};

use super::{
    Attribution, Base, CanvasRecord, ImportReport, NewDocument, PackRecord, StoreError,
    StoreResult, now_rfc3339, sha256_hex,
};
use crate::model::Canvas;
use crate::wire::{RevisionInfo, StoredCanvas};

/// The migrations, compiled in from `migrations/sqlite/` by sqlx (the
/// file's number is its version, the rest of its name its description).
/// Append only: a released migration is never edited (sqlx checks their
/// checksums when it opens a workspace).
static MIGRATOR: Migrator = sqlx::migrate!("./migrations/sqlite");

/// What the first 16 bytes of every SQLite database are.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Whether `path` is an SQLite file (a workspace, or something opening it
/// will say is not one), told by its first bytes; `false` for anything
/// that cannot be read.
#[must_use]
pub fn is_sqlite_file(path: &Path) -> bool {
    let mut header = [0_u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && &header == SQLITE_MAGIC
}

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The newest workspace schema this build knows.
#[must_use]
pub fn latest_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The workspace migrations. Public so tests can build a workspace at an
/// older schema (`Migrator::run_to`).
#[must_use]
pub fn migrator() -> &'static Migrator {
    &MIGRATOR
}

/// What one document's save inside a transaction did.
enum Appended {
    /// A new revision, this one.
    Written(i64),
    /// The base held this very document already: no revision added.
    Unchanged(i64),
    /// Another save came first, or the base is not there (the base given).
    Refused(Option<i64>),
}

/// A workspace in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    path: PathBuf,
    pool: SqlitePool,
}

/// SQLite's primary result code of a database error.
fn primary_code(e: &sqlx::Error) -> Option<i64> {
    match e {
        sqlx::Error::Database(d) => d
            .code()
            .and_then(|c| i64::from_str(&c).ok())
            .map(|c| c & 0xff),
        _ => None,
    }
}

const SQLITE_BUSY: i64 = 5;
const SQLITE_LOCKED: i64 = 6;
const SQLITE_IOERR: i64 = 10;
const SQLITE_CORRUPT: i64 = 11;
const SQLITE_FULL: i64 = 13;
const SQLITE_NOTADB: i64 = 26;

/// Below this much room for ordinary users, an I/O error is taken for a
/// full disk: SQLite reports one as `SQLITE_IOERR` ("disk I/O error")
/// whenever the WAL index or a temporary file cannot grow, even on reads.
const NEARLY_FULL: u64 = 1 << 20;

/// The bytes ordinary users may still write on the file system holding
/// `path` (its folder, when the file is not there yet).
fn free_bytes(path: &Path) -> Option<u64> {
    let at = if path.exists() {
        path
    } else {
        path.parent().filter(|p| !p.as_os_str().is_empty())?
    };
    let st = rustix::fs::statvfs(at).ok()?;
    Some(st.f_bavail.saturating_mul(st.f_frsize))
}

fn db_error(path: &Path, e: &sqlx::Error) -> StoreError {
    classify(path, e, free_bytes(path))
}

/// [`db_error`] with the free space measured by the caller.
fn classify(path: &Path, e: &sqlx::Error, free: Option<u64>) -> StoreError {
    let path = path.to_owned();
    match primary_code(e) {
        Some(SQLITE_FULL) => StoreError::DiskFull {
            path,
            free: free.unwrap_or(0),
        },
        Some(SQLITE_IOERR) if free.is_some_and(|f| f < NEARLY_FULL) => StoreError::DiskFull {
            path,
            free: free.unwrap_or(0),
        },
        Some(SQLITE_CORRUPT | SQLITE_NOTADB) => StoreError::Corrupt {
            path,
            detail: e
                .as_database_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_owned()),
        },
        Some(SQLITE_BUSY | SQLITE_LOCKED) => StoreError::Busy { path },
        _ => StoreError::Database {
            detail: e
                .as_database_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_owned()),
            path,
        },
    }
}

fn enum_text<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn text_enum<T: serde::de::DeserializeOwned>(
    path: &Path,
    id: &str,
    what: &str,
    s: &str,
) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| {
        StoreError::Database {
            path: path.to_owned(),
            detail: format!("canvas \"{id}\" has the unknown {what} {s:?}"),
        }
    })
}

fn write_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
}

async fn connect_pool(path: &Path) -> StoreResult<SqlitePool> {
    SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(write_options(path))
        .await
        .map_err(|e| db_error(path, &e))
}

/// Runs the migrations not yet applied, each in its own transaction.
async fn migrate(path: &Path, pool: &SqlitePool) -> StoreResult<()> {
    migrator().run(pool).await.map_err(|e| match e {
        sqlx::migrate::MigrateError::Execute(inner) => db_error(path, &inner),
        other => StoreError::Database {
            path: path.to_owned(),
            detail: format!("could not migrate the workspace: {other}"),
        },
    })
}

/// Reads the 100-byte header of a database file without opening it as one.
fn check_header(path: &Path) -> StoreResult<()> {
    let io = |e: &std::io::Error| match e.kind() {
        std::io::ErrorKind::NotFound => StoreError::NotFound {
            path: path.to_owned(),
        },
        _ => StoreError::Io {
            path: path.to_owned(),
            message: crate::format::io_message(e),
        },
    };
    let meta = std::fs::metadata(path).map_err(|e| io(&e))?;
    let not_a_workspace = |reason: &str| StoreError::NotAWorkspace {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    if meta.is_dir() {
        return Err(not_a_workspace("it is a folder"));
    }
    // Looked at before opening: opening a FIFO blocks until a writer
    // comes, and a device (`/dev/zero`) has no length to go by.
    if !meta.is_file() {
        return Err(not_a_workspace(
            "it is not a regular file (a FIFO, socket or device)",
        ));
    }
    let mut header = Vec::with_capacity(SQLITE_MAGIC.len());
    let file = std::fs::File::open(path).map_err(|e| io(&e))?;
    // Read, not trusted from the length: files under /proc say 0 bytes.
    file.take(SQLITE_MAGIC.len() as u64)
        .read_to_end(&mut header)
        .map_err(|e| io(&e))?;
    if header.is_empty() {
        return Err(not_a_workspace("the file is empty"));
    }
    if header.as_slice() != SQLITE_MAGIC.as_slice() {
        return Err(not_a_workspace("it is not an SQLite database"));
    }
    if meta.len() < 512 {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("the file is only {} bytes long", meta.len()),
        });
    }
    Ok(())
}

/// Checks, through a read-only connection, that the file is a healthy
/// workspace this build can open. Returns the schema version found.
async fn inspect(path: &Path) -> StoreResult<i64> {
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(BUSY_TIMEOUT);
    let mut conn = SqliteConnection::connect_with(&opts)
        .await
        .map_err(|e| db_error(path, &e))?;
    let result = inspect_with(path, &mut conn).await;
    let _ = conn.close().await;
    result
}

async fn inspect_with(path: &Path, conn: &mut SqliteConnection) -> StoreResult<i64> {
    let not_a_workspace = |reason: &str| StoreError::NotAWorkspace {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let check: Vec<(String,)> = sqlx::query_as("PRAGMA quick_check(5)")
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| db_error(path, &e))?;
    if check.first().map(|r| r.0.as_str()) != Some("ok") {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: check
                .into_iter()
                .map(|r| r.0)
                .collect::<Vec<_>>()
                .join("; "),
        });
    }
    let tables: Vec<(String,)> = sqlx::query_as(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('workspace_meta', '_sqlx_migrations')",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| db_error(path, &e))?;
    if tables.len() != 2 {
        return Err(not_a_workspace(
            "it is an SQLite database, but holds no Mesh Canvas workspace tables",
        ));
    }
    let kind: Option<(String,)> =
        sqlx::query_as("SELECT value FROM workspace_meta WHERE key = 'kind'")
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| db_error(path, &e))?;
    if kind.as_ref().map(|k| k.0.as_str()) != Some("meshcanvas-workspace") {
        return Err(not_a_workspace(
            "its workspace_meta table does not name it a Mesh Canvas workspace",
        ));
    }
    let applied: Vec<(i64, bool)> =
        sqlx::query_as("SELECT version, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(|e| db_error(path, &e))?;
    if let Some((version, _)) = applied.iter().find(|(_, ok)| !ok) {
        return Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: format!("schema migration {version} did not complete"),
        });
    }
    let found = applied.last().map_or(0, |a| a.0);
    let supported = latest_schema_version();
    if found > supported {
        return Err(StoreError::NewerSchema {
            path: path.to_owned(),
            found,
            supported,
        });
    }
    Ok(found)
}

type RecordRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
);

impl SqliteStore {
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    fn err(&self, e: &sqlx::Error) -> StoreError {
        db_error(&self.path, e)
    }

    pub(super) async fn create(path: &Path) -> StoreResult<Self> {
        // The desktop app's default workspace lives in an app-data folder
        // that may not exist yet on first start.
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| StoreError::Io {
                path: parent.to_owned(),
                message: crate::format::io_message(&e),
            })?;
        }
        // create_new claims the path atomically: an existing file, even one
        // created a moment ago by someone else, is never written to.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::AlreadyExists {
                    path: path.to_owned(),
                });
            }
            Err(e) => {
                return Err(StoreError::Io {
                    path: path.to_owned(),
                    message: crate::format::io_message(&e),
                });
            }
        }
        let made = async {
            let pool = connect_pool(path).await?;
            migrate(path, &pool).await?;
            Ok::<_, StoreError>(pool)
        }
        .await;
        match made {
            Ok(pool) => Ok(Self {
                path: path.to_owned(),
                pool,
            }),
            Err(e) => {
                // The file is the one created above; nothing else is lost.
                for suffix in ["", "-wal", "-shm"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
                Err(e)
            }
        }
    }

    pub(super) async fn open(path: &Path) -> StoreResult<Self> {
        check_header(path)?;
        let found = inspect(path).await?;
        let pool = connect_pool(path).await?;
        if found < latest_schema_version() {
            migrate(path, &pool).await?;
        }
        Ok(Self {
            path: path.to_owned(),
            pool,
        })
    }

    pub(super) async fn close(&self) {
        self.pool.close().await;
    }

    pub(super) async fn check_integrity(&self) -> StoreResult<()> {
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(&e))?;
        if rows.first().map(|r| r.0.as_str()) == Some("ok") {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("; "),
            })
        }
    }

    pub(super) async fn list(&self, archived: bool) -> StoreResult<Vec<CanvasRecord>> {
        let sql = if archived {
            "SELECT id, name, domain, status, archetype, version, latest_revision, updated_at, file_path, archived_at \
             FROM canvases WHERE archived_at IS NOT NULL ORDER BY domain, id"
        } else {
            "SELECT id, name, domain, status, archetype, version, latest_revision, updated_at, file_path, archived_at \
             FROM canvases WHERE archived_at IS NULL ORDER BY domain, id"
        };
        let rows: Vec<RecordRow> = sqlx::query_as(sql)
            .fetch_all(&self.pool)
            .await
            .map_err(|e| self.err(&e))?;
        rows.into_iter()
            .map(
                |(
                    id,
                    name,
                    domain,
                    status,
                    archetype,
                    version,
                    revision,
                    updated_at,
                    file_path,
                    archived_at,
                )| {
                    Ok(CanvasRecord {
                        status: text_enum(&self.path, &id, "status", &status)?,
                        archetype: text_enum(&self.path, &id, "archetype", &archetype)?,
                        id,
                        name,
                        domain,
                        version,
                        revision,
                        updated_at,
                        file_path,
                        archived: archived_at.is_some(),
                    })
                },
            )
            .collect()
    }

    async fn latest_revision(&self, id: &str) -> StoreResult<Option<i64>> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT latest_revision FROM canvases WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.err(&e))?;
        Ok(row.map(|r| r.0))
    }

    pub(super) async fn document_text(
        &self,
        id: &str,
        revision: Option<i64>,
    ) -> StoreResult<(i64, String)> {
        let (revision, text, _) = self.document_row(id, revision).await?;
        Ok((revision, text))
    }

    /// A revision's number, stored text and time of saving.
    async fn document_row(
        &self,
        id: &str,
        revision: Option<i64>,
    ) -> StoreResult<(i64, String, String)> {
        let row: Option<(i64, String, String)> = match revision {
            None => sqlx::query_as(
                "SELECT r.revision, r.document, r.created_at FROM canvases c \
                 JOIN revisions r ON r.canvas_id = c.id AND r.revision = c.latest_revision WHERE c.id = $1",
            )
            .bind(id),
            Some(n) => sqlx::query_as("SELECT revision, document, created_at FROM revisions WHERE canvas_id = $1 AND revision = $2")
                .bind(id)
                .bind(n),
        }
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err(&e))?;
        match row {
            Some(r) => Ok(r),
            None => Err(self.missing(id, revision).await),
        }
    }

    /// The error for a canvas or revision that is not there.
    async fn missing(&self, id: &str, revision: Option<i64>) -> StoreError {
        match (self.latest_revision(id).await, revision) {
            (Err(e), _) => e,
            (Ok(Some(latest)), Some(revision)) => StoreError::RevisionNotFound {
                id: id.to_owned(),
                revision,
                latest,
            },
            (Ok(_), _) => StoreError::CanvasNotFound { id: id.to_owned() },
        }
    }

    pub(super) fn parse(&self, id: &str, revision: i64, text: &str) -> StoreResult<Canvas> {
        let origin = PathBuf::from(format!(
            "{} (canvas \"{id}\", revision {revision})",
            self.path.display()
        ));
        Ok(crate::format::parse_canvas_str(&origin, text)?)
    }

    pub(super) async fn load(&self, id: &str, revision: Option<i64>) -> StoreResult<StoredCanvas> {
        let (revision, text, saved_at) = self.document_row(id, revision).await?;
        Ok(StoredCanvas {
            canvas: self.parse(id, revision, &text)?,
            revision,
            saved_at,
        })
    }

    pub(super) async fn history(&self, id: &str) -> StoreResult<Vec<RevisionInfo>> {
        let rows: Vec<(i64, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT r.revision, r.author, r.message, r.created_at, p.message FROM revisions r \
             LEFT JOIN save_points p ON p.canvas_id = r.canvas_id AND p.revision = r.revision \
             WHERE r.canvas_id = $1 ORDER BY r.revision",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(&e))?;
        if rows.is_empty() {
            return Err(StoreError::CanvasNotFound { id: id.to_owned() });
        }
        Ok(rows
            .into_iter()
            .map(
                |(revision, author, message, created_at, save_point)| RevisionInfo {
                    canvas_id: id.to_owned(),
                    revision,
                    author,
                    message,
                    created_at,
                    save_point,
                },
            )
            .collect())
    }

    /// Names revision `revision` of canvas `id` a save point (again: the
    /// new message replaces the old).
    pub(super) async fn save_point(
        &self,
        id: &str,
        revision: i64,
        by: Attribution<'_>,
    ) -> StoreResult<()> {
        if self.revision_info(id, revision).await?.is_none() {
            return Err(self.missing(id, Some(revision)).await);
        }
        sqlx::query(
            "INSERT INTO save_points (canvas_id, revision, message, author, created_at) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (canvas_id, revision) DO UPDATE SET message = excluded.message, \
             author = excluded.author, created_at = excluded.created_at",
        )
        .bind(id)
        .bind(revision)
        .bind(by.message)
        .bind(by.author)
        .bind(now_rfc3339())
        .execute(&self.pool)
        .await
        .map_err(|e| self.err(&e))?;
        Ok(())
    }

    pub(super) async fn release(
        &self,
        id: &str,
        revision: i64,
        version: &str,
        author: &str,
    ) -> StoreResult<super::Release> {
        self.write(async |conn| {
            let mut tx = conn.begin().await.map_err(|e| self.err(&e))?;
            let before: Option<i64> = sqlx::query_scalar(
                "SELECT revision FROM releases WHERE canvas_id = $1 AND version = $2",
            )
            .bind(id)
            .bind(version)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.err(&e))?;
            match before {
                Some(r) if r == revision => {}
                Some(r) => {
                    return Err(StoreError::AlreadyReleased {
                        id: id.to_owned(),
                        version: version.to_owned(),
                        revision: r,
                    });
                }
                None => {
                    // A revision released under another version before: the
                    // version was edited since, which a revision cannot be.
                    sqlx::query(
                        "INSERT INTO releases (canvas_id, revision, version, author, created_at) \
                         VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(id)
                    .bind(revision)
                    .bind(version)
                    .bind(author)
                    .bind(now_rfc3339())
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.err(&e))?;
                }
            }
            tx.commit().await.map_err(|e| self.err(&e))?;
            Ok(())
        })
        .await?;
        let all = self.releases(Some(id)).await?;
        all.into_iter()
            .find(|r| r.version == version)
            .ok_or_else(|| StoreError::CanvasNotFound { id: id.to_owned() })
    }

    pub(super) async fn releases(&self, id: Option<&str>) -> StoreResult<Vec<super::Release>> {
        let rows: Vec<(String, i64, String, String, String)> = sqlx::query_as(
            "SELECT canvas_id, revision, version, author, created_at FROM releases \
             WHERE $1 IS NULL OR canvas_id = $1 ORDER BY canvas_id, revision",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(&e))?;
        Ok(rows
            .into_iter()
            .map(
                |(canvas_id, revision, version, author, created_at)| super::Release {
                    canvas_id,
                    revision,
                    version,
                    author,
                    created_at,
                },
            )
            .collect())
    }

    pub(super) async fn revision_info(
        &self,
        id: &str,
        revision: i64,
    ) -> StoreResult<Option<RevisionInfo>> {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT author, message, created_at FROM revisions WHERE canvas_id = $1 AND revision = $2")
                .bind(id)
                .bind(revision)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.err(&e))?;
        Ok(row.map(|(author, message, created_at)| RevisionInfo {
            canvas_id: id.to_owned(),
            revision,
            author,
            message,
            created_at,
            save_point: None,
        }))
    }

    /// Why a save on `base` did not apply: a conflict with the newest
    /// revision, or a canvas or revision that does not exist.
    async fn refused(&self, id: &str, base: Option<i64>) -> StoreError {
        let current = match self.load(id, None).await {
            Ok(c) => c,
            Err(e) => return e,
        };
        // Revisions are numbered from 1: a base outside 1 to the newest
        // was never saved, whoever else saved since.
        if let Some(b) = base
            && !(1..=current.revision).contains(&b)
        {
            return StoreError::RevisionNotFound {
                id: id.to_owned(),
                revision: b,
                latest: current.revision,
            };
        }
        let base_info = match base {
            Some(b) => match self.revision_info(id, b).await {
                Ok(info) => info,
                Err(e) => return e,
            },
            None => None,
        };
        let current_info = match self.revision_info(id, current.revision).await {
            Ok(Some(info)) => info,
            Ok(None) => return StoreError::CanvasNotFound { id: id.to_owned() },
            Err(e) => return e,
        };
        StoreError::Conflict(Box::new(super::SaveConflict {
            canvas_id: id.to_owned(),
            base: base_info,
            current: current_info,
            current_canvas: current.canvas,
        }))
    }

    /// Runs one write transaction on a pooled connection. A connection
    /// whose write failed is closed, not returned to the pool: SQLite rolls
    /// a transaction back by itself on some errors (a full disk at
    /// `COMMIT`), the rollback sqlx then queues fails, and the pooled
    /// connection would refuse every later transaction ("`begin_with` at
    /// non-zero transaction depth").
    async fn write<T>(
        &self,
        op: impl AsyncFnOnce(&mut SqliteConnection) -> StoreResult<T>,
    ) -> StoreResult<T> {
        let mut conn = self.pool.acquire().await.map_err(|e| self.err(&e))?;
        let result = op(&mut conn).await;
        if result.is_err() {
            conn.close_on_drop();
        }
        result
    }

    pub(super) async fn append(
        &self,
        doc: &NewDocument,
        base: Base,
        by: Attribution<'_>,
    ) -> StoreResult<i64> {
        self.write(async |conn| self.append_on(conn, doc, base, by).await)
            .await
    }

    async fn append_on(
        &self,
        conn: &mut SqliteConnection,
        doc: &NewDocument,
        base: Base,
        by: Attribution<'_>,
    ) -> StoreResult<i64> {
        let mut tx = conn
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| self.err(&e))?;
        let now = now_rfc3339();
        match self.append_in(&mut tx, doc, base, by, &now).await? {
            Appended::Written(revision) => {
                tx.commit().await.map_err(|e| self.err(&e))?;
                Ok(revision)
            }
            Appended::Unchanged(revision) => Ok(revision),
            Appended::Refused(current) => {
                drop(tx);
                Err(self.refused(&doc.id, current).await)
            }
        }
    }

    /// Saves each document on top of its base, in one transaction: all of
    /// them, or (when one is refused) none. A canvas named again in the
    /// batch is saved on top of its own earlier save in it. Returns each
    /// document's revision, in order.
    pub(super) async fn append_batch(
        &self,
        docs: &[(NewDocument, Option<i64>, String)],
        author: &str,
    ) -> StoreResult<Vec<i64>> {
        self.write(async |conn| {
            let mut tx = conn
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(|e| self.err(&e))?;
            let now = now_rfc3339();
            let mut written: std::collections::HashMap<&str, i64> =
                std::collections::HashMap::new();
            let mut revisions = Vec::with_capacity(docs.len());
            for (doc, base, message) in docs {
                let base = written.get(doc.id.as_str()).copied().or(*base);
                let by = Attribution { author, message };
                let revision = match self
                    .append_in(&mut tx, doc, Base::Exactly(base), by, &now)
                    .await?
                {
                    Appended::Written(r) | Appended::Unchanged(r) => r,
                    Appended::Refused(current) => {
                        drop(tx);
                        return Err(self.refused(&doc.id, current).await);
                    }
                };
                written.insert(&doc.id, revision);
                revisions.push(revision);
            }
            tx.commit().await.map_err(|e| self.err(&e))?;
            Ok(revisions)
        })
        .await
    }

    /// One document's save inside the caller's transaction.
    async fn append_in(
        &self,
        tx: &mut SqliteConnection,
        doc: &NewDocument,
        base: Base,
        by: Attribution<'_>,
        now: &str,
    ) -> StoreResult<Appended> {
        let current = match base {
            Base::Exactly(b) => b,
            Base::Newest => {
                let row: Option<(i64,)> =
                    sqlx::query_as("SELECT latest_revision FROM canvases WHERE id = $1")
                        .bind(&doc.id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(|e| self.err(&e))?;
                row.map(|r| r.0)
            }
        };
        if current.is_some() {
            // A deleted canvas is out of lists and the map: a save or a
            // restore (a window that missed the delete) would give it a
            // revision nobody sees until it is brought back.
            let archived: Option<(Option<String>,)> =
                sqlx::query_as("SELECT archived_at FROM canvases WHERE id = $1")
                    .bind(&doc.id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(|e| self.err(&e))?;
            if matches!(archived, Some((Some(_),))) {
                return Err(StoreError::Deleted { id: doc.id.clone() });
            }
        }
        if let (Base::Exactly(Some(b)), Some(_)) = (base, current) {
            // Saving the very document the base already holds (an autosave
            // with nothing new) adds no revision.
            let same: Option<(i64,)> = sqlx::query_as(
                "SELECT r.revision FROM canvases c \
                 JOIN revisions r ON r.canvas_id = c.id AND r.revision = c.latest_revision \
                 WHERE c.id = $1 AND c.latest_revision = $2 AND r.sha256 = $3",
            )
            .bind(&doc.id)
            .bind(b)
            .bind(&doc.sha256)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.err(&e))?;
            if same.is_some() {
                return Ok(Appended::Unchanged(b));
            }
        }
        let written = write_revision(tx, doc, current, by, now)
            .await
            .map_err(|e| self.err(&e))?;
        Ok(written.map_or(Appended::Refused(current), Appended::Written))
    }

    /// Appends `docs` (as [`Self::append_all`]) and archives the canvases
    /// `archive`, in one transaction: all of it or nothing.
    pub(super) async fn append_all(
        &self,
        docs: &[NewDocument],
        by: Attribution<'_>,
    ) -> StoreResult<ImportReport> {
        self.append_all_and_archive(docs, by, &[]).await
    }

    pub(super) async fn append_all_and_archive(
        &self,
        docs: &[NewDocument],
        by: Attribution<'_>,
        archive: &[&str],
    ) -> StoreResult<ImportReport> {
        self.write(async |conn| {
            self.append_all_and_archive_on(conn, docs, by, archive)
                .await
        })
        .await
    }

    async fn append_all_and_archive_on(
        &self,
        conn: &mut SqliteConnection,
        docs: &[NewDocument],
        by: Attribution<'_>,
        archive: &[&str],
    ) -> StoreResult<ImportReport> {
        let mut tx = conn
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| self.err(&e))?;
        let now = now_rfc3339();
        let mut report = ImportReport::default();
        for doc in docs {
            let row: Option<(i64, String, String, Option<String>)> = sqlx::query_as(
                "SELECT c.latest_revision, r.sha256, c.file_path, c.archived_at FROM canvases c \
                 JOIN revisions r ON r.canvas_id = c.id AND r.revision = c.latest_revision WHERE c.id = $1",
            )
            .bind(&doc.id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(|e| self.err(&e))?;
            match row {
                Some((_, sha, path, archived)) if sha == doc.sha256 => {
                    let new_path = doc.file_path.as_ref().filter(|p| **p != path);
                    if new_path.is_some() || archived.is_some() {
                        sqlx::query(
                            "UPDATE canvases SET file_path = COALESCE($2, file_path), archived_at = NULL WHERE id = $1",
                        )
                        .bind(&doc.id)
                        .bind(new_path)
                        .execute(&mut *tx)
                        .await
                        .map_err(|e| self.err(&e))?;
                    }
                    report.unchanged.push(doc.id.clone());
                }
                row => {
                    let current = row.as_ref().map(|r| r.0);
                    // Within this transaction nobody else writes, so the
                    // conditional update always applies.
                    write_revision(&mut tx, doc, current, by, &now)
                        .await
                        .map_err(|e| self.err(&e))?;
                    if current.is_some() {
                        report.updated.push(doc.id.clone());
                    } else {
                        report.added.push(doc.id.clone());
                    }
                    pause_for_crash_test(report.added.len() + report.updated.len());
                }
            }
        }
        for id in archive {
            let done = sqlx::query("UPDATE canvases SET archived_at = $2 WHERE id = $1")
                .bind(id)
                .bind(&now)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.err(&e))?;
            if done.rows_affected() == 0 {
                return Err(StoreError::CanvasNotFound {
                    id: (*id).to_owned(),
                });
            }
        }
        tx.commit().await.map_err(|e| self.err(&e))?;
        Ok(report)
    }

    pub(super) async fn set_archived(&self, id: &str, archived: bool) -> StoreResult<()> {
        let when = archived.then(now_rfc3339);
        let done = sqlx::query("UPDATE canvases SET archived_at = $2 WHERE id = $1")
            .bind(id)
            .bind(when)
            .execute(&self.pool)
            .await
            .map_err(|e| self.err(&e))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::CanvasNotFound { id: id.to_owned() });
        }
        Ok(())
    }

    /// `(id, file path, document)` of the newest revision of every canvas
    /// not archived.
    pub(super) async fn latest_documents(&self) -> StoreResult<Vec<(String, String, String)>> {
        sqlx::query_as(
            "SELECT c.id, c.file_path, r.document FROM canvases c \
             JOIN revisions r ON r.canvas_id = c.id AND r.revision = c.latest_revision \
             WHERE c.archived_at IS NULL ORDER BY c.id",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(&e))
    }

    pub(super) async fn put_pack(
        &self,
        id: &str,
        version: &str,
        document: &str,
    ) -> StoreResult<bool> {
        if id.trim().is_empty() || version.trim().is_empty() {
            return Err(StoreError::InvalidPack {
                id: id.to_owned(),
                version: version.to_owned(),
                reason: "a standards pack needs an id and a version".to_owned(),
            });
        }
        let sha = sha256_hex(document.as_bytes());
        let done = sqlx::query(
            "INSERT INTO standards_packs (id, version, document, sha256, added_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (id, version) DO NOTHING",
        )
        .bind(id)
        .bind(version)
        .bind(document)
        .bind(&sha)
        .bind(now_rfc3339())
        .execute(&self.pool)
        .await
        .map_err(|e| self.err(&e))?;
        if done.rows_affected() == 1 {
            return Ok(true);
        }
        let existing: Option<(String,)> =
            sqlx::query_as("SELECT sha256 FROM standards_packs WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(version)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.err(&e))?;
        match existing {
            Some((s,)) if s == sha => Ok(false),
            _ => Err(StoreError::PackVersionExists {
                id: id.to_owned(),
                version: version.to_owned(),
            }),
        }
    }

    pub(super) async fn packs(&self) -> StoreResult<Vec<PackRecord>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT id, version, sha256, added_at FROM standards_packs ORDER BY id, version",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.err(&e))?;
        Ok(rows
            .into_iter()
            .map(|(id, version, sha256, added_at)| PackRecord {
                id,
                version,
                sha256,
                added_at,
            })
            .collect())
    }

    pub(super) async fn pack_document(
        &self,
        id: &str,
        version: &str,
    ) -> StoreResult<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT document FROM standards_packs WHERE id = $1 AND version = $2")
                .bind(id)
                .bind(version)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| self.err(&e))?;
        Ok(row.map(|r| r.0))
    }
}

/// Appends `doc` as the revision after `current` (`None`: creates the
/// canvas at revision 1). Returns `None`, having written nothing, when
/// `current` is not the canvas's newest revision (or the canvas exists
/// although `current` is `None`): someone else saved first.
/// Names how many revisions a batch write (`workspace import`, `save_all`)
/// writes before it stops for a crash test: see [`pause_for_crash_test`].
pub const PAUSE_BATCH_ENV: &str = "MESHCANVAS_TEST_PAUSE_BATCH_AFTER";

/// The crash tests' synchronisation point. With `MESHCANVAS_TEST_PAUSE_BATCH_AFTER=<n>`
/// set, a batch write that has written its `n`-th revision prints
/// `paused: <n> revisions written, transaction open` on stderr and waits,
/// inside its transaction, until the process is killed. A test that kills
/// the process on that line kills it at a known point of the transaction,
/// where watching the write-ahead log grow from outside could only guess the
/// moment (and lose the race to a fast import). Without the variable it
/// does nothing; it is read once.
fn pause_for_crash_test(written: usize) {
    static PAUSE_AFTER: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    let at = PAUSE_AFTER.get_or_init(|| {
        std::env::var(PAUSE_BATCH_ENV)
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if *at == Some(written) {
        eprintln!("paused: {written} revisions written, transaction open");
        loop {
            std::thread::park();
        }
    }
}

async fn write_revision(
    conn: &mut SqliteConnection,
    doc: &NewDocument,
    current: Option<i64>,
    by: Attribution<'_>,
    now: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let status = enum_text(&doc.status);
    let archetype = enum_text(&doc.archetype);
    let revision = match current {
        None => {
            let done = sqlx::query(
                "INSERT INTO canvases (id, name, domain, status, archetype, version, latest_revision, file_path, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $8, $8) ON CONFLICT (id) DO NOTHING",
            )
            .bind(&doc.id)
            .bind(&doc.name)
            .bind(&doc.domain)
            .bind(&status)
            .bind(&archetype)
            .bind(&doc.version)
            .bind(doc.file_path.clone().unwrap_or_else(|| doc.default_file_path()))
            .bind(now)
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(None);
            }
            1
        }
        Some(base) => {
            let done = sqlx::query(
                "UPDATE canvases SET name = $3, domain = $4, status = $5, archetype = $6, version = $7, \
                 latest_revision = $2 + 1, file_path = COALESCE($8, file_path), updated_at = $9, \
                 archived_at = CASE WHEN $8 IS NULL THEN archived_at ELSE NULL END \
                 WHERE id = $1 AND latest_revision = $2",
            )
            .bind(&doc.id)
            .bind(base)
            .bind(&doc.name)
            .bind(&doc.domain)
            .bind(&status)
            .bind(&archetype)
            .bind(&doc.version)
            .bind(doc.file_path.as_deref())
            .bind(now)
            .execute(&mut *conn)
            .await?;
            if done.rows_affected() == 0 {
                return Ok(None);
            }
            base + 1
        }
    };
    sqlx::query(
        "INSERT INTO revisions (canvas_id, revision, document, sha256, author, message, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&doc.id)
    .bind(revision)
    .bind(&doc.text)
    .bind(&doc.sha256)
    .bind(by.author)
    .bind(by.message)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(Some(revision))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::path::Path;

    use sqlx::error::{DatabaseError, ErrorKind};

    use super::{NEARLY_FULL, StoreError, classify};

    /// A database error with SQLite's result `code`, as the driver gives it.
    #[derive(Debug)]
    struct Sqlite(&'static str, &'static str);

    impl std::fmt::Display for Sqlite {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.1)
        }
    }

    impl std::error::Error for Sqlite {}

    impl DatabaseError for Sqlite {
        fn message(&self) -> &str {
            self.1
        }
        fn code(&self) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(self.0))
        }
        fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
            self
        }
        fn kind(&self) -> ErrorKind {
            ErrorKind::Other
        }
    }

    fn error(code: &'static str, message: &'static str) -> sqlx::Error {
        sqlx::Error::Database(Box::new(Sqlite(code, message)))
    }

    #[test]
    fn a_full_disk_is_named_as_such_not_as_a_database_error() {
        let at = Path::new("/data/ws.meshcanvas.db");
        let full = classify(at, &error("13", "database or disk is full"), Some(0));
        assert!(
            matches!(full, StoreError::DiskFull { free: 0, .. }),
            "{full:?}"
        );
        let text = full.to_string();
        assert!(text.starts_with("/data/ws.meshcanvas.db: the disk is full (0 bytes free)"));
        assert!(text.contains("everything saved before is kept"), "{text}");
        assert_eq!(full.code(), crate::wire::ErrorCode::Io);

        // SQLite says "disk I/O error" (SQLITE_IOERR_WRITE, extended code
        // 778) when the WAL index cannot grow, on reads as well as writes.
        let io = error("778", "disk I/O error");
        assert!(matches!(
            classify(at, &io, Some(NEARLY_FULL - 1)),
            StoreError::DiskFull { .. }
        ));
        // With room on the disk it is some other I/O failure, told as it is.
        let other = classify(at, &io, Some(10 * NEARLY_FULL));
        assert!(
            matches!(&other, StoreError::Database { detail, .. } if detail == "disk I/O error"),
            "{other:?}"
        );
        assert!(matches!(
            classify(at, &io, None),
            StoreError::Database { .. }
        ));
    }
}
