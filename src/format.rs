//! The `*.canvas.json` file format: reading with errors a person can act on,
//! and writing in one canonical form.
//!
//! Reading checks, in order: the size (a canvas is a design document, not a
//! data dump), UTF-8, JSON syntax (reported as line:column), the format
//! version (a newer file is refused by name rather than by its first unknown
//! field) and the model (reported as a JSON pointer plus line:column). It
//! never panics: `serde_json`'s recursion limit turns absurd nesting into an
//! ordinary error.
//!
//! Writing is canonical: two-space indentation, keys in model order (maps
//! sorted), a trailing newline. The same canvas always gives the same bytes,
//! which keeps git diffs and the store's byte-identical export honest.

use std::fmt;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize as _;

use crate::model::{Canvas, FORMAT_VERSION};

/// The largest canvas file read, in bytes. Real canvases are a few hundred
/// kilobytes at most; anything near this is a mistake (a data file, a log).
pub const MAX_CANVAS_BYTES: u64 = 16 * 1024 * 1024;

/// The file name suffix of canvas files.
pub const CANVAS_SUFFIX: &str = ".canvas.json";

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// JSON pointer into the document, when known (`""` is the root).
    pub pointer: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(line) = self.line {
            write!(f, "{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
            wrote = true;
        }
        if let Some(ptr) = &self.pointer {
            if wrote {
                f.write_str(" ")?;
            }
            if ptr.is_empty() {
                f.write_str("(document root)")?;
            } else {
                f.write_str(ptr)?;
            }
        }
        Ok(())
    }
}

/// What kind of problem a canvas file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The file could not be read.
    Io,
    /// Larger than [`MAX_CANVAS_BYTES`].
    TooLarge,
    /// Not valid UTF-8.
    Encoding,
    /// Not valid JSON.
    Syntax,
    /// Valid JSON, but not a canvas: wrong type, missing or unknown field.
    Model,
    /// Written by a newer version of Mesh Canvas.
    NewerFormat,
}

/// A canvas file that could not be read, with the file and the place.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}{}: {message}", file.display(), fmt_location(location))]
pub struct ParseError {
    pub file: PathBuf,
    pub kind: ParseErrorKind,
    pub location: Location,
    pub message: String,
}

fn fmt_location(loc: &Location) -> String {
    let s = loc.to_string();
    if s.is_empty() { s } else { format!(":{s}") }
}

impl ParseError {
    pub(crate) fn new(
        file: &Path,
        kind: ParseErrorKind,
        location: Location,
        message: String,
    ) -> Self {
        Self {
            file: file.to_owned(),
            kind,
            location,
            message,
        }
    }
}

/// Reads and parses one canvas file.
pub fn read_canvas_file(path: &Path) -> Result<Canvas, ParseError> {
    let bytes = read_limited(path)?;
    parse_canvas_bytes(path, &bytes)
}

/// Reads a file of at most [`MAX_CANVAS_BYTES`], without reading more than
/// that into memory even when the file grows while being read.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, ParseError> {
    use std::io::Read as _;
    let io_err = |e: std::io::Error| {
        ParseError::new(
            path,
            ParseErrorKind::Io,
            Location::default(),
            io_message(&e),
        )
    };
    // Looked at before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if !meta.is_file() {
        return Err(ParseError::new(
            path,
            ParseErrorKind::Io,
            Location::default(),
            if meta.is_dir() {
                "is a folder, expected a canvas file"
            } else {
                "is not a regular file (a FIFO, socket or device), expected a canvas file"
            }
            .to_owned(),
        ));
    }
    let file = std::fs::File::open(path).map_err(io_err)?;
    let meta = file.metadata().map_err(io_err)?;
    let too_large = |size: u64| {
        ParseError::new(path, ParseErrorKind::TooLarge, Location::default(), {
            let (size, limit) = size_over_limit(size, MAX_CANVAS_BYTES);
            format!("file is {size}, larger than the {limit} a canvas may be")
        })
    };
    if meta.len() > MAX_CANVAS_BYTES {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_CANVAS_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_err)?;
    if bytes.len() as u64 > MAX_CANVAS_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A short human description of an I/O error, without Rust's `(os error N)`.
#[must_use]
pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_owned(),
                None => s,
            }
        }
    }
}

/// "file is 51.2 MiB, larger than the 50.0 MiB": a size over a limit, in
/// units that show the difference (exact bytes when rounding would make
/// the two read the same).
#[must_use]
pub fn size_over_limit(size: u64, limit: u64) -> (String, String) {
    let (s, l) = (human_bytes(size), human_bytes(limit));
    if s == l {
        (format!("{size} bytes"), format!("{limit} bytes"))
    } else {
        (s, l)
    }
}

/// `1.5 MB` style sizes for messages.
#[must_use]
pub fn human_bytes(n: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    #[allow(clippy::cast_precision_loss)]
    let n = n as f64;
    if n >= MIB {
        format!("{:.1} MiB", n / MIB)
    } else if n >= 1024.0 {
        format!("{:.1} KiB", n / 1024.0)
    } else {
        format!("{n} bytes")
    }
}

/// Parses canvas bytes; `file` is only used to name the file in errors.
pub fn parse_canvas_bytes(file: &Path, bytes: &[u8]) -> Result<Canvas, ParseError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(bytes, e.valid_up_to());
        ParseError::new(
            file,
            ParseErrorKind::Encoding,
            Location {
                line: Some(line),
                column: Some(column),
                pointer: None,
            },
            "not valid UTF-8 (canvas files are UTF-8 JSON)".to_owned(),
        )
    })?;
    parse_canvas_str(file, text)
}

/// Parses many canvas files' bytes, on several threads for large meshes;
/// results are in the order of `files`.
#[must_use]
pub fn parse_canvas_files(files: &[(PathBuf, Vec<u8>)]) -> Vec<Result<Canvas, ParseError>> {
    crate::par::map(files, |(path, bytes)| parse_canvas_bytes(path, bytes))
}

/// Parses canvas text; `file` is only used to name the file in errors.
pub fn parse_canvas_str(file: &Path, text: &str) -> Result<Canvas, ParseError> {
    // A byte-order mark (editors on Windows write one) says nothing a UTF-8
    // reader needs: skipped, as RFC 8259 allows, and not written back.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // serde would read a struct from an array too, and then complain about
    // its first element; say plainly that a canvas is an object.
    let start = text.len() - text.trim_start().len();
    if let Some(c) = text[start..].chars().next()
        && c != '{'
    {
        let found = match c {
            '[' => "an array",
            '"' => "a string",
            't' | 'f' => "a boolean",
            'n' => "null",
            '-' | '0'..='9' => "a number",
            _ => "something that is not JSON",
        };
        let (line, column) = line_col(text.as_bytes(), start);
        return Err(ParseError::new(
            file,
            if found.ends_with("JSON") {
                ParseErrorKind::Syntax
            } else {
                ParseErrorKind::Model
            },
            Location {
                line: Some(line),
                column: Some(column),
                pointer: Some(String::new()),
            },
            format!("expected a canvas (a JSON object), found {found}"),
        ));
    }
    // The plain parse is the fast path; tracking the path into the document
    // (serde_path_to_error) costs about half as much again, so it runs only
    // when the plain parse fails, to say where.
    if let Ok(canvas) = serde_json::from_str::<Canvas>(text) {
        check_canvas(file, &canvas)?;
        return Ok(canvas);
    }
    if let Some(v) = declared_format_version(text)
        && (1..u64::from(FORMAT_VERSION)).contains(&v)
    {
        return parse_older(file, text, v);
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let canvas: Canvas = serde_path_to_error::deserialize(&mut de)
        .map_err(|err| classify_error(file, text, &err))?;
    // Trailing characters after the document.
    de.end().map_err(|e| json_syntax_error(file, &e))?;
    check_canvas(file, &canvas)?;
    Ok(canvas)
}

/// A JSON syntax error at its line and column.
fn json_syntax_error(file: &Path, e: &serde_json::Error) -> ParseError {
    let message = strip_position(&e.to_string());
    ParseError::new(
        file,
        ParseErrorKind::Syntax,
        Location {
            line: Some(e.line()),
            column: Some(e.column()),
            pointer: None,
        },
        if e.classify() == serde_json::error::Category::Eof {
            format!("{message} (the file ends too early)")
        } else {
            message
        },
    )
}

/// Reads a document of an older format version, upgraded to this one. An
/// error is reported at its place in the file when the file has that place
/// (everything the upgrade does not move, and a port's fields, which were
/// its `schema`); else at the upgraded document's place, which it says.
fn parse_older(file: &Path, text: &str, version: u64) -> Result<Canvas, ParseError> {
    let original: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_syntax_error(file, &e))?;
    let mut doc = original.clone();
    crate::upgrade::upgrade(&mut doc, version);
    let canvas: Canvas = serde_path_to_error::deserialize(&doc).map_err(|err| {
        let pointer = path_to_pointer(err.path());
        let message = strip_position(&err.inner().to_string());
        let in_file = std::iter::once(pointer.clone())
            .chain(crate::upgrade::v1_pointer(&pointer))
            .find(|p| {
                original.pointer(p).is_some() || {
                    // A missing member: its object is in the file.
                    p.rfind('/')
                        .is_some_and(|i| original.pointer(&p[..i]).is_some())
                }
            });
        match in_file {
            Some(at) => {
                let (line, column) = crate::standards::locate::locate(text, &at)
                    .map_or((None, None), |(l, c)| (Some(l), Some(c)));
                ParseError::new(
                    file,
                    ParseErrorKind::Model,
                    Location {
                        line,
                        column,
                        pointer: Some(pointer),
                    },
                    message,
                )
            }
            None => ParseError::new(
                file,
                ParseErrorKind::Model,
                Location {
                    pointer: Some(pointer),
                    ..Location::default()
                },
                format!(
                    "{message} (in this format version {version} canvas, read as version \
                     {FORMAT_VERSION}; the place is the version {FORMAT_VERSION} one)"
                ),
            ),
        }
    })?;
    check_canvas(file, &canvas)?;
    Ok(canvas)
}

/// What the format asks beyond its types: a version this build reads,
/// fields nested no deeper than [`crate::model::MAX_FIELD_DEPTH`], and the
/// whole no deeper than [`crate::model::MAX_CANVAS_DEPTH`]. Writers
/// (the store) ask it too, so nothing is saved that would not read back.
pub fn check_canvas(file: &Path, canvas: &Canvas) -> Result<(), ParseError> {
    check_format_version(file, canvas.format_version)?;
    let at = |pointer: String, message: String| {
        Err(ParseError::new(
            file,
            ParseErrorKind::Model,
            Location {
                pointer: Some(pointer),
                ..Location::default()
            },
            message,
        ))
    };
    if let Some(pointer) = crate::model::too_deep_field(canvas) {
        return at(
            pointer,
            format!(
                "fields nest deeper than {} levels; flatten the schema or split it into \
                 several objects",
                crate::model::MAX_FIELD_DEPTH
            ),
        );
    }
    if let Some(pointer) = crate::model::too_deep_json(canvas) {
        return at(
            pointer,
            format!(
                "the canvas nests deeper than {} levels here, more than its manifests could \
                 carry back; keep extensions flatter",
                crate::model::MAX_CANVAS_DEPTH
            ),
        );
    }
    Ok(())
}

fn check_format_version(file: &Path, version: u32) -> Result<(), ParseError> {
    if u64::from(version) > u64::from(FORMAT_VERSION) {
        return Err(newer_format(file, u64::from(version)));
    }
    if version == 0 {
        return Err(ParseError::new(
            file,
            ParseErrorKind::Model,
            Location {
                pointer: Some("/formatVersion".to_owned()),
                ..Location::default()
            },
            format!("formatVersion must be {FORMAT_VERSION}, found 0"),
        ));
    }
    Ok(())
}

fn newer_format(file: &Path, version: u64) -> ParseError {
    ParseError::new(
        file,
        ParseErrorKind::NewerFormat,
        Location {
            pointer: Some("/formatVersion".to_owned()),
            ..Location::default()
        },
        format!(
            "written by a newer Mesh Canvas (format version {version}); this build reads format \
             version {FORMAT_VERSION}: update Mesh Canvas to open it"
        ),
    )
}

fn classify_error(
    file: &Path,
    text: &str,
    err: &serde_path_to_error::Error<serde_json::Error>,
) -> ParseError {
    let inner = err.inner();
    let line = (inner.line() > 0).then_some(inner.line());
    let column = (inner.column() > 0).then_some(inner.column());
    let message = strip_position(&inner.to_string());
    match inner.classify() {
        serde_json::error::Category::Io => {
            ParseError::new(file, ParseErrorKind::Io, Location::default(), message)
        }
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => ParseError::new(
            file,
            ParseErrorKind::Syntax,
            Location {
                line,
                column,
                pointer: None,
            },
            if inner.classify() == serde_json::error::Category::Eof {
                format!("{message} (the file ends too early)")
            } else {
                message
            },
        ),
        serde_json::error::Category::Data => {
            // A file from a newer version usually fails on a field this build
            // does not know; say what is really wrong.
            if let Some(v) = declared_format_version(text)
                && v > u64::from(FORMAT_VERSION)
            {
                return newer_format(file, v);
            }
            ParseError::new(
                file,
                ParseErrorKind::Model,
                Location {
                    line,
                    column,
                    pointer: Some(path_to_pointer(err.path())),
                },
                message,
            )
        }
    }
}

/// The `formatVersion` a document declares, read leniently.
fn declared_format_version(text: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Probe {
        format_version: Option<serde_json::Value>,
    }
    let probe: Probe = serde_json::from_str(text).ok()?;
    probe.format_version?.as_u64()
}

/// `serde_json` appends " at line L column C" to its messages; the location is
/// reported separately.
fn strip_position(msg: &str) -> String {
    let msg = match msg.rfind(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    // Rust type names mean nothing to the person fixing a canvas.
    msg.replace("expected f64", "expected a number")
        .replace("expected u32", "expected a whole number")
        .replace("expected struct ", "expected an object ")
}

/// Converts a serde path (`outputPorts[0].schema`) into a JSON pointer
/// (`/outputPorts/0/schema`).
#[must_use]
pub fn path_to_pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push('/');
                out.push_str(&escape_pointer_token(key));
            }
            Segment::Unknown => {}
        }
    }
    out
}

/// Escapes one JSON pointer reference token (RFC 6901).
#[must_use]
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer reference token (RFC 6901): `~1` is `/`,
/// then `~0` is `~`, in that order. An escape RFC 6901 does not define
/// (`~2`) stays as written. One function for the crate's pointer readers
/// (a crate such as jsonptr would refuse such tokens, where a reader of a
/// pointer someone typed in a waiver should find nothing instead).
#[must_use]
pub fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The unescaped reference tokens of a JSON pointer (`/a~1b/0` → `a/b`,
/// `0`); `None` when a non-empty pointer does not start with `/`.
#[must_use]
pub fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    Some(
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(unescape_pointer_token)
            .collect(),
    )
}

/// 1-based line and column of a byte offset.
#[must_use]
pub fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(bytes.len());
    let before = &bytes[..offset];
    // Once per error message: not worth a byte-counting crate.
    #[allow(clippy::naive_bytecount)]
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - line_start + 1)
}

/// The canonical text of a canvas: two-space JSON, a trailing newline.
#[must_use]
pub fn to_canonical_json(canvas: &Canvas) -> String {
    let mut buf = Vec::with_capacity(4096);
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"  ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    // Serializing plain data into memory cannot fail: every map key is a
    // string and no float is NaN-checked by serde_json (it writes `null`).
    if canvas.serialize(&mut ser).is_err() {
        return String::new();
    }
    buf.push(b'\n');
    String::from_utf8(buf).unwrap_or_default()
}

/// Writes a canvas file atomically: a temporary file in the same folder,
/// flushed to disk, then renamed over the target. A crash leaves either the
/// old file or the new one, never half of one.
pub fn write_canvas_file(path: &Path, canvas: &Canvas) -> std::io::Result<()> {
    write_atomic(path, to_canonical_json(canvas).as_bytes())
}

/// Writes bytes to `path` atomically (temporary file, fsync, rename); see
/// [`write_all_atomic`] for what is kept of an existing file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(path.to_path_buf(), bytes.to_vec())]).map_err(|e| e.error)
}

/// A file [`write_all_atomic`] could not write.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", path.display(), io_message(error))]
pub struct WriteError {
    /// The file as the caller named it.
    pub path: PathBuf,
    pub error: std::io::Error,
}

/// Writes every file or none. Each goes to a temporary file in its target's
/// folder, flushed to disk; only when all are staged are they renamed into
/// place, and if one rename fails the ones already renamed are put back as
/// they were (a file that existed from a hard link of its old self, a new
/// one removed). A crash leaves each file either old or new, never half
/// written.
///
/// What a user set on an existing file is kept: a symlink is written
/// through (its target is replaced, the link stays), and the file keeps its
/// permission bits. A new file gets the mode the umask gives (`0644`
/// usually), not the temporary file's `0600`.
pub fn write_all_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<(), WriteError> {
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |error| WriteError { path, error }
    };
    let mut staged = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        let target = follow_symlinks(path).map_err(fail(path))?;
        let tmp = stage(&target, bytes).map_err(fail(path))?;
        staged.push((path, target, tmp));
    }
    // Rename in order; on a failure, undo the renames done so far.
    let mut done: Vec<(&PathBuf, PathBuf, Option<tempfile::TempPath>)> = Vec::new();
    let several = staged.len() > 1;
    let mut staged = staged.into_iter();
    let mut failure = None;
    for (path, target, tmp) in staged.by_ref() {
        let backup = if several {
            match backup(&target) {
                Ok(b) => b,
                Err(e) => {
                    failure = Some(fail(path)(e));
                    break;
                }
            }
        } else {
            None
        };
        if let Err(e) = tmp.persist(&target) {
            failure = Some(fail(path)(e.error));
            break;
        }
        done.push((path, target, backup));
    }
    let Some(failure) = failure else {
        return Ok(());
    };
    for (_, target, backup) in done.into_iter().rev() {
        match backup {
            Some(old) => {
                let _ = old.persist(&target);
            }
            None => {
                let _ = std::fs::remove_file(&target);
            }
        }
    }
    // The staged files not renamed are removed as they drop.
    drop(staged);
    Err(failure)
}

/// The file a write to `path` must replace: `path` itself, or, when it is
/// a symlink, the file it points to (followed through further links).
fn follow_symlinks(path: &Path) -> std::io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    // The kernel's own limit on links followed in one lookup.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&at)?;
                at = match at.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            _ => return Ok(at),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Writes `bytes` to a flushed temporary file beside `target`, with the
/// permissions `target` has, or the umask's for a new file.
fn stage(target: &Path, bytes: &[u8]) -> std::io::Result<tempfile::TempPath> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let existing = match std::fs::metadata(target) {
        Ok(m) if m.is_dir() => {
            return Err(std::io::Error::other("is a folder, expected a file"));
        }
        Ok(m) => Some(m.permissions()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".meshcanvas-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // open(2) applies the umask to this, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(perms) = existing {
        tmp.as_file().set_permissions(perms)?;
    }
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    Ok(tmp.into_temp_path())
}

/// A second name for the current `target`, so that a batch of renames can
/// be undone; `None` when there is no file yet. A hard link where the file
/// system has them, a copy otherwise.
fn backup(target: &Path) -> std::io::Result<Option<tempfile::TempPath>> {
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let linked = tempfile::Builder::new()
        .prefix(".meshcanvas-")
        .suffix(".old")
        .make_in(dir, |p| std::fs::hard_link(target, p));
    match linked {
        Ok(f) => Ok(Some(f.into_temp_path())),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) => {
            let copy = tempfile::Builder::new()
                .prefix(".meshcanvas-")
                .suffix(".old")
                .make_in(dir, |p| std::fs::copy(target, p).map(|_| ()))?;
            Ok(Some(copy.into_temp_path()))
        }
    }
}

/// One canvas file found under the paths given to [`load_paths`].
#[derive(Debug, Clone)]
pub struct LoadedCanvas {
    pub path: PathBuf,
    pub canvas: Canvas,
}

/// Everything read from some files and folders: the canvases that parsed,
/// and an error for each that did not.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub canvases: Vec<LoadedCanvas>,
    pub errors: Vec<ParseError>,
}

/// Finds the canvas files named by `paths`: files as given, folders searched
/// recursively for `*.canvas.json` (see [`crate::walk`] for what is
/// skipped), in sorted order.
pub fn find_canvas_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ParseError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let found = crate::walk::files(path, |name| name.ends_with(CANVAS_SUFFIX));
                files.extend(found.files);
                errors.extend(found.errors.iter().map(|e| {
                    ParseError::new(
                        &e.path,
                        ParseErrorKind::Io,
                        Location::default(),
                        io_message(&e.error),
                    )
                }));
            }
            Ok(_) => files.push(path.clone()),
            Err(e) => errors.push(ParseError::new(
                path,
                ParseErrorKind::Io,
                Location::default(),
                io_message(&e),
            )),
        }
    }
    (crate::walk::unique(files), errors)
}

/// Reads every canvas named by `paths` (see [`find_canvas_files`]).
#[must_use]
pub fn load_paths(paths: &[PathBuf]) -> LoadReport {
    let (files, mut errors) = find_canvas_files(paths);
    let mut canvases = Vec::with_capacity(files.len());
    for path in files {
        match read_canvas_file(&path) {
            Ok(canvas) => canvases.push(LoadedCanvas { path, canvas }),
            Err(e) => errors.push(e),
        }
    }
    LoadReport { canvases, errors }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_byte_order_mark_is_skipped() {
        let c = crate::model::Canvas::skeleton("orders", "Orders", "sales");
        let text = format!("\u{feff}{}", super::to_canonical_json(&c));
        let read = super::parse_canvas_str(std::path::Path::new("bom.canvas.json"), &text)
            .expect("a BOM does not make a canvas unreadable");
        assert_eq!(read, c);
    }

    #[test]
    fn a_size_just_over_its_limit_reads_as_larger() {
        let mib = 1024 * 1024;
        assert_eq!(
            super::size_over_limit(50 * mib + 1, 50 * mib),
            ("52428801 bytes".to_owned(), "52428800 bytes".to_owned())
        );
        assert_eq!(
            super::size_over_limit(60 * mib, 50 * mib),
            ("60.0 MiB".to_owned(), "50.0 MiB".to_owned())
        );
    }
}
