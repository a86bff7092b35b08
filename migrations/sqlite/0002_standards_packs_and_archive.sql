-- Mesh Canvas workspace, schema 2: the standards packs in use, and archiving
-- canvases (hidden from the list and from exports, revisions kept).

CREATE TABLE standards_packs (
    id         TEXT NOT NULL,
    version    TEXT NOT NULL,
    document   TEXT NOT NULL,
    sha256     TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (id, version)
);

-- A pack version is immutable once in a workspace: a changed pack is a new
-- version.
CREATE TRIGGER standards_packs_no_update BEFORE UPDATE ON standards_packs
BEGIN
    SELECT RAISE(ABORT, 'a standards pack version is never changed: publish a new version');
END;

ALTER TABLE canvases ADD COLUMN archived_at TEXT NULL;

CREATE INDEX canvases_by_domain ON canvases (archived_at, domain, id);
