//! What can go wrong reading or writing manifests: one error type for every
//! format and direction, each variant naming the file (and line and field
//! where there is one).

use std::path::{Path, PathBuf};

use super::yaml;

/// What can go wrong reading or writing manifests.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// Not well-formed YAML or JSON (tabs, indentation, duplicate keys, an
    /// alias bomb).
    #[error("{file}{}: {message}", fmt_line_col(*line, *column))]
    Syntax {
        file: String,
        line: Option<usize>,
        column: Option<usize>,
        message: String,
    },
    /// Larger than [`yaml::MAX_MANIFEST_BYTES`].
    #[error("{file}: file is {}, larger than the {} a manifest may be", crate::format::size_over_limit(*size, yaml::MAX_MANIFEST_BYTES).0, crate::format::size_over_limit(*size, yaml::MAX_MANIFEST_BYTES).1)]
    TooLarge { file: String, size: u64 },
    /// Well-formed, but not a manifest this build reads: wrong type,
    /// missing field, unknown `apiVersion` or `kind`.
    #[error("{file}{} {}: {message}", fmt_line_col(*line, *column), if pointer.is_empty() { "(document root)" } else { pointer })]
    Invalid {
        file: String,
        line: Option<usize>,
        column: Option<usize>,
        pointer: String,
        message: String,
    },
    /// Products that consume each other in a circle.
    #[error("the products depend on each other in a cycle: {}", cycle.join(" → "))]
    Cycle { cycle: Vec<String> },
    /// Canvases that cannot be exported together (duplicate ids, paths that
    /// collide once sanitised).
    #[error("{message}")]
    Conflict { message: String },
    /// A file or folder that could not be read or written.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// An input port whose version nothing says, where the ODPS version
    /// written requires one.
    #[error(
        "input port \"{port}\" of \"{product}\" has no version to write: {why}; ODPS v1.0.0 \
         requires one: give the input port the version of what it reads, or write ODPS v1.1.0, \
         where it is optional"
    )]
    Unversioned {
        product: String,
        port: String,
        why: String,
    },
    /// A bundle's canvas file that cannot be read as a canvas.
    #[error(transparent)]
    Canvas(#[from] crate::format::ParseError),
    /// A bundle file whose bytes are not the ones its index lists.
    #[error(
        "{}: its SHA-256 is {found}, but {index} lists {listed}: the file was changed after \
         the export{hint}",
        file.display()
    )]
    Tampered {
        file: PathBuf,
        index: String,
        listed: String,
        found: String,
        hint: String,
    },
    #[error("could not encode a manifest: {message}")]
    Encode { message: String },
}

impl From<crate::mesh::Cycle> for ManifestError {
    fn from(crate::mesh::Cycle(cycle): crate::mesh::Cycle) -> Self {
        Self::Cycle { cycle }
    }
}

fn fmt_line_col(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

impl ManifestError {
    pub(super) fn io(path: &Path, e: &std::io::Error) -> Self {
        Self::Io {
            path: path.to_owned(),
            message: crate::format::io_message(e),
        }
    }
}
