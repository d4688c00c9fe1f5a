-- Example pictures: items made by `npm run seed:gallery` (our own style networks over committed
-- public-domain photos) so that a fresh local gallery is not empty. They are listed like any other
-- item but marked, so nobody mistakes them for what visitors published. Visitors' items are never
-- examples; the Worker itself never seeds.
ALTER TABLE gallery_items ADD COLUMN example INTEGER NOT NULL DEFAULT 0 CHECK (example IN (0, 1));
