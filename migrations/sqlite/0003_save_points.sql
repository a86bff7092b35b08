-- Mesh Canvas workspace, schema 3: save points. A save point names one
-- revision with a message ("Reviewed with the privacy office"), like a tag:
-- the revisions stay append-only, the autosaves between save points are
-- grouped under them in the history. Naming a revision again replaces its
-- save point's message.

CREATE TABLE save_points (
    canvas_id  TEXT NOT NULL,
    revision   BIGINT NOT NULL,
    message    TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (canvas_id, revision),
    FOREIGN KEY (canvas_id, revision) REFERENCES revisions (canvas_id, revision)
);
