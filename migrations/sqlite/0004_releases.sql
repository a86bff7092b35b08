-- Mesh Canvas workspace, schema 4: releases. A release marks one revision
-- of a canvas as what its consumers were given, under the product's version
-- at that revision. The newest release is the baseline the versioning rule
-- judges the next version against, and the history shows the changelog
-- between releases. A version is released once per canvas, and a revision
-- at most once.

CREATE TABLE releases (
    canvas_id  TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    version    TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (canvas_id, version),
    UNIQUE (canvas_id, revision),
    FOREIGN KEY (canvas_id, revision) REFERENCES revisions (canvas_id, revision)
);
