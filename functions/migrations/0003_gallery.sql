-- Community style gallery: stylized images that visitors chose to publish. The images live in R2
-- (gallery/<id>/image.jpg and gallery/<id>/thumb.jpg, re-encoded by the Worker, no metadata); this
-- table holds what is listed. Nothing about the publisher is stored except the optional author
-- name they typed, and a SHA-256 of the delete token they were given.
--
-- Write order (functions/src/storage/gallery.ts): both R2 objects first, then this row. A row
-- therefore never exists without its image; objects without a row (a failed or cut publish) are
-- removed by the scheduled cleanup.

CREATE TABLE gallery_items (
  id                 TEXT PRIMARY KEY,          -- 16 hex characters, random
  style              TEXT NOT NULL,             -- a style id of the served style model
  title              TEXT NOT NULL,             -- plain text, <= 80 characters ('' once deleted)
  author             TEXT,                      -- plain text, <= 40 characters, optional
  created_at         INTEGER NOT NULL,          -- ms since the epoch
  likes              INTEGER NOT NULL DEFAULT 0,
  reports            INTEGER NOT NULL DEFAULT 0,
  state              TEXT NOT NULL DEFAULT 'visible' CHECK (state IN ('visible', 'hidden', 'deleted')),
  delete_token_hash  TEXT NOT NULL,             -- SHA-256 (hex) of the delete token; the token is never stored
  width              INTEGER NOT NULL,
  height             INTEGER NOT NULL,
  image_etag         TEXT NOT NULL,             -- SHA-256 (hex, first 32) of the stored image bytes
  thumb_etag         TEXT NOT NULL,
  thumb_width        INTEGER NOT NULL,
  thumb_height       INTEGER NOT NULL
);

-- Keyset pagination: newest first and most liked first, all styles or one style.
CREATE INDEX gallery_items_new ON gallery_items (state, created_at DESC, id DESC);
CREATE INDEX gallery_items_style_new ON gallery_items (state, style, created_at DESC, id DESC);
CREATE INDEX gallery_items_top ON gallery_items (state, likes DESC, created_at DESC, id DESC);
CREATE INDEX gallery_items_style_top ON gallery_items (state, style, likes DESC, created_at DESC, id DESC);

-- One like per visitor and item. `visitor` is a SHA-256 of the random anonymous cookie id.
CREATE TABLE gallery_likes (
  item_id     TEXT NOT NULL REFERENCES gallery_items(id) ON DELETE CASCADE,
  visitor     TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (item_id, visitor)
) WITHOUT ROWID;

-- One report per visitor and item, with a reason code (no free text). Enough reports hide the item
-- pending review (GALLERY_REPORT_THRESHOLD in wrangler.toml).
CREATE TABLE gallery_reports (
  item_id     TEXT NOT NULL REFERENCES gallery_items(id) ON DELETE CASCADE,
  visitor     TEXT NOT NULL,
  reason      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (item_id, visitor)
) WITHOUT ROWID;
