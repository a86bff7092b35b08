-- Mesh Canvas workspace, schema 1: canvases and their append-only revisions.
--
-- Kept to SQL that PostgreSQL also accepts (TEXT, BIGINT, composite keys,
-- ON CONFLICT), except the triggers, which a PostgreSQL backend writes in its
-- own dialect under migrations/postgres/.

-- Marks the file as a Mesh Canvas workspace, so `open` can tell a workspace
-- from any other SQLite database.
CREATE TABLE workspace_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
INSERT INTO workspace_meta (key, value) VALUES ('kind', 'meshcanvas-workspace');

-- One row per canvas: what the workspace home lists, copied from the newest
-- revision so listing never parses documents.
CREATE TABLE canvases (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    domain          TEXT NOT NULL,
    status          TEXT NOT NULL,
    archetype       TEXT NOT NULL,
    version         TEXT NOT NULL,
    latest_revision BIGINT NOT NULL,
    -- Where the canvas lives in an exported folder, `/`-separated, relative.
    file_path       TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- Every saved document, in full, exactly as written (canonical JSON for saves,
-- the file's own bytes for imports), numbered 1, 2, 3 ... per canvas.
CREATE TABLE revisions (
    canvas_id     TEXT NOT NULL REFERENCES canvases (id),
    revision      BIGINT NOT NULL,
    document      TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    author        TEXT NOT NULL,
    message       TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (canvas_id, revision)
);

-- Nothing saved is ever overwritten: the database itself refuses.
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: a saved revision is never changed');
END;

CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only: a saved revision is never deleted');
END;
