-- Gallery integrity: one client address can neither hide an item alone nor inflate its likes.
-- A visitor is whoever their cookie says, and a request without one is a new visitor, so counting
-- per cookie let one address report an item away or like it any number of times. Now:
--  - a report counts once per client address and item (`reporter`: SHA-256 of the address, an IPv6
--    address taken as its /64), so hiding an item takes GALLERY_REPORT_THRESHOLD addresses;
--  - a like is still one per visitor cookie (idempotent), but one address adds at most 3 likes to an
--    item (`address`: the same hash), so people behind one NAT still count, up to a point.
-- Reports recorded before this migration keep their visitor hash as the reporter (one each).

ALTER TABLE gallery_likes ADD COLUMN address TEXT;  -- NULL for likes recorded before this migration
CREATE INDEX gallery_likes_address ON gallery_likes (item_id, address);

CREATE TABLE gallery_reports_by_address (
  item_id     TEXT NOT NULL REFERENCES gallery_items(id) ON DELETE CASCADE,
  reporter    TEXT NOT NULL,  -- SHA-256 of the client address (IPv6: its /64)
  reason      TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (item_id, reporter)
) WITHOUT ROWID;
INSERT INTO gallery_reports_by_address (item_id, reporter, reason, created_at)
  SELECT item_id, visitor, reason, created_at FROM gallery_reports;
DROP TABLE gallery_reports;
ALTER TABLE gallery_reports_by_address RENAME TO gallery_reports;
