-- Per-key quotas: each API key may carry its own rate limit, in requests per minute, across every
-- endpoint it calls (functions/src/http/rate-limit.ts, keyQuota; set by
-- `npm run keys:create -- --tenant NAME --rate-limit PER_MINUTE`). NULL (every key made before,
-- and keys made without --rate-limit) means the deployment default: the var RATE_LIMIT_API_KEY,
-- 120 a minute when unset. Counted in rate_limits (migration 0002) under the policy 'api-key'.
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute INTEGER
  CHECK (rate_limit_per_minute IS NULL OR (rate_limit_per_minute BETWEEN 1 AND 1000000));
