-- One-shot recognition: tenants and their API keys, galleries, subjects (people) and their
-- enrolled faces. No photo is ever stored: a face is its embedding plus what is needed to audit
-- it (the model that made it, the box and quality at enrolment). Deleting a gallery or a subject
-- deletes everything under it (D1 enforces foreign keys).

CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  -- SHA-256 (hex) of the key. The key itself is shown once, when it is made, and never stored.
  key_hash    TEXT NOT NULL UNIQUE,
  -- The key's first characters, so a tenant can tell its keys apart in listings.
  prefix      TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  revoked_at  TEXT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE galleries (
  id          TEXT PRIMARY KEY,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name        TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX galleries_tenant ON galleries (tenant_id, id);

CREATE TABLE subjects (
  id           TEXT PRIMARY KEY,
  gallery_id   TEXT NOT NULL REFERENCES galleries(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  external_id  TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
-- Cursor pagination walks subjects of a gallery in id order.
CREATE INDEX subjects_gallery ON subjects (gallery_id, id);
CREATE UNIQUE INDEX subjects_external_id ON subjects (gallery_id, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE faces (
  id             TEXT PRIMARY KEY,
  subject_id     TEXT NOT NULL REFERENCES subjects(id) ON DELETE CASCADE,
  -- Denormalised so a gallery's embeddings load in one indexed scan.
  gallery_id     TEXT NOT NULL REFERENCES galleries(id) ON DELETE CASCADE,
  -- Embeddings are only comparable within one model version: identify never mixes versions.
  model          TEXT NOT NULL,
  model_version  TEXT NOT NULL,
  embedding      BLOB NOT NULL,
  box            TEXT NOT NULL,  -- JSON {x, y, width, height} in the enrolment photo
  quality        TEXT NOT NULL,  -- JSON quality report at enrolment
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX faces_gallery_model ON faces (gallery_id, model, model_version);
CREATE INDEX faces_subject ON faces (subject_id);
