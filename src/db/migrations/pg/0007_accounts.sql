-- 0007 — personal API tokens that end.
--
-- Every token now has an expiry (`motcua token add --days N`, default 90) and
-- remembers when it was last used (refreshed at most once an hour, so polling
-- scripts cost no write per request). Tokens issued before this migration
-- get 90 days from the moment it runs, rather than dying at once.
-- Revoked tokens keep their row (revoked_at set) so the owner can see them.

ALTER TABLE api_token ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_token ADD COLUMN last_used_at BIGINT;

UPDATE api_token SET expires_at = CAST(extract(epoch FROM now()) AS BIGINT) + 90 * 86400;

CREATE INDEX api_token_staff ON api_token (staff_id, id);
