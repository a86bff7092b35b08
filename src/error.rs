//! The core's error type. Each subsystem owns a typed error; this enum
//! gathers them so the shells can map any of them to an exit code or to the
//! wire's `{ code, message }`.

use std::path::PathBuf;

use crate::format::{ParseError, ParseErrorKind};
use crate::wire::ErrorCode;

/// Any error of the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A canvas file that could not be read.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A file or folder that could not be read or written.
    #[error("{}: {message}", path.display())]
    Io { path: PathBuf, message: String },
    /// An argument that makes no sense, e.g. an id that is not a slug.
    #[error("{0}")]
    InvalidArgument(String),
    /// The desktop facade's own errors (no workspace, conflict, not found).
    #[error(transparent)]
    Studio(#[from] crate::studio::StudioError),
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An I/O error on `path`, with the OS's noise removed.
    pub fn io(path: impl Into<PathBuf>, err: &std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            message: crate::format::io_message(err),
        }
    }

    /// The closed code the UI branches on.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Parse(p) => match p.kind {
                ParseErrorKind::Io => ErrorCode::Io,
                ParseErrorKind::NewerFormat => ErrorCode::NewerFormat,
                ParseErrorKind::TooLarge
                | ParseErrorKind::Encoding
                | ParseErrorKind::Syntax
                | ParseErrorKind::Model => ErrorCode::InvalidCanvas,
            },
            Self::Io { .. } => ErrorCode::Io,
            Self::InvalidArgument(_) => ErrorCode::InvalidArgument,
            Self::Studio(e) => {
                use crate::studio::StudioError as S;
                match e {
                    S::Conflict { .. } => ErrorCode::Conflict,
                    S::CanvasNotFound { .. } | S::RevisionNotFound { .. } => ErrorCode::NotFound,
                    S::NoWorkspace
                    | S::NotAWorkspace { .. }
                    | S::AlreadyExists { .. }
                    | S::InvalidId(_) => ErrorCode::InvalidArgument,
                }
            }
        }
    }
}
