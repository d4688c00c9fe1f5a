-- Recognition, part 2: what identify needs to cache a gallery's embeddings per isolate, and the
-- fixed-window counters behind the API's rate limits (functions/src/http/rate-limit.ts).

-- Bumped in the same batch as every change to a gallery's faces (enrol, delete face, delete
-- subject). identify reads it with the gallery row it must read anyway (tenant check) and reuses
-- the isolate's packed copy of the embeddings while it is unchanged.
ALTER TABLE galleries ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- Fixed-window request counters: one row per (policy, key, window). Rows of past windows are
-- deleted by the next request of the same policy and key (and are harmless until then).
CREATE TABLE rate_limits (
  policy        TEXT NOT NULL,
  key           TEXT NOT NULL,
  window_start  INTEGER NOT NULL,  -- unix seconds, a multiple of the policy's period
  count         INTEGER NOT NULL,
  PRIMARY KEY (policy, key, window_start)
) WITHOUT ROWID;
