-- Face recognition's "galleries" are now "collections" (the API moved from /v1/galleries to
-- /v1/collections), so "gallery" names only the community gallery (migration 0003). Renames only:
-- every row, id and embedding stays as it was. Collections made before keep their `g_` ids, which
-- the Worker still accepts; new ones get `c_` ids.
--
-- SQLite rewrites the references to a renamed table or column in the other tables' foreign keys
-- and in the indexes, so the cascades (deleting a collection deletes its subjects and faces) keep
-- working. Index names cannot be renamed: the three that said "gallery" are made again.

ALTER TABLE galleries RENAME TO collections;
ALTER TABLE subjects RENAME COLUMN gallery_id TO collection_id;
ALTER TABLE faces RENAME COLUMN gallery_id TO collection_id;

DROP INDEX galleries_tenant;
CREATE INDEX collections_tenant ON collections (tenant_id, id);

-- Cursor pagination walks subjects of a collection in id order.
DROP INDEX subjects_gallery;
CREATE INDEX subjects_collection ON subjects (collection_id, id);

-- A collection's embeddings of one model version load in one indexed scan (in rowid order).
DROP INDEX faces_gallery_model;
CREATE INDEX faces_collection_model ON faces (collection_id, model, model_version);
