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
    /// A manifest that could not be read, or an export that was refused.
    #[error(transparent)]
    Manifest(#[from] crate::manifest::ManifestError),
    /// A workspace store operation that failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// An argument that makes no sense, e.g. an id that is not a slug.
    #[error("{0}")]
    InvalidArgument(String),
    /// The standards packs could not be loaded.
    #[error(transparent)]
    Standards(#[from] crate::standards::StandardsError),
    /// An export the gate refused (see [`crate::gate`]).
    #[error(transparent)]
    Refused(#[from] crate::gate::Refusal),
    /// The desktop facade's own errors (no workspace, conflict, not found).
    #[error(transparent)]
    Studio(#[from] crate::studio::StudioError),
    /// Import choices that cannot be applied (nothing was saved).
    #[error(transparent)]
    Import(#[from] crate::import::ImportError),
    /// A workshop action that cannot be done (no session, no such step or
    /// sticky, a field with no port to go on).
    #[error(transparent)]
    Workshop(#[from] crate::workshop::WorkshopError),
    /// A merge that could not be made.
    #[error(transparent)]
    Merge(#[from] crate::merge::MergeError),
    /// A poster that could not be drawn (no font to set it in).
    #[error(transparent)]
    Poster(#[from] crate::poster::PosterError),
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
            Self::Io { .. } | Self::Poster(_) => ErrorCode::Io,
            Self::Manifest(m) => {
                use crate::manifest::ManifestError as M;
                match m {
                    M::Syntax { .. }
                    | M::TooLarge { .. }
                    | M::Invalid { .. }
                    | M::Tampered { .. } => ErrorCode::InvalidManifest,
                    M::Canvas(p) if p.kind == ParseErrorKind::NewerFormat => ErrorCode::NewerFormat,
                    M::Canvas(p) if p.kind == ParseErrorKind::Io => ErrorCode::Io,
                    M::Canvas(_) => ErrorCode::InvalidCanvas,
                    M::Cycle { .. }
                    | M::Conflict { .. }
                    | M::Unversioned { .. }
                    | M::Encode { .. } => ErrorCode::ExportRefused,
                    M::Io { .. } => ErrorCode::Io,
                }
            }
            Self::Store(e) => e.code(),
            Self::InvalidArgument(_) | Self::Merge(_) => ErrorCode::InvalidArgument,
            Self::Refused(_) => ErrorCode::ExportRefused,
            Self::Standards(e) => match e {
                crate::standards::StandardsError::Io { .. } => ErrorCode::Io,
                crate::standards::StandardsError::UnknownRule(_) => ErrorCode::InvalidArgument,
                crate::standards::StandardsError::NotFound
                | crate::standards::StandardsError::Packs(_) => ErrorCode::InvalidStandards,
            },
            Self::Studio(e) => {
                use crate::studio::StudioError as S;
                match e {
                    S::NoWorkspace
                    | S::AlreadyExists(_)
                    | S::DeletedExists(_)
                    | S::InvalidId(_) => ErrorCode::InvalidArgument,
                }
            }
            Self::Workshop(e) => match e {
                crate::workshop::WorkshopError::NoSuchNote(_)
                | crate::workshop::WorkshopError::NoSuchTarget { .. } => ErrorCode::NotFound,
                _ => ErrorCode::InvalidArgument,
            },
            Self::Import(e) => match e {
                crate::import::ImportError::NoSuchCanvas(_) => ErrorCode::NotFound,
                _ => ErrorCode::InvalidArgument,
            },
        }
    }
}
