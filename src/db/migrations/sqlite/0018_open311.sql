-- 0018 — Open311 GeoReport v2 (issue 13, item 5; DECISIONS D37): the API
-- keys of the civic-issue clients allowed to POST requests, and what an
-- Open311 request carries beyond the petition it creates (the location and
-- the token). An Open311 request IS a petition (channel online): the
-- petition row holds the content and the identity; this table only links.
--
-- A key is shown once and stored as its SHA-256 (hex); revoking keeps the
-- row (the audit trail names it). Locations are the place of the issue as
-- the client gave it (lat/long and/or address_string), shown publicly.

CREATE TABLE open311_key (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL,                       -- the client, e.g. "FixMyStreet Hội An"
  key_hash      TEXT NOT NULL UNIQUE,                -- sha256 hex of the key
  created_at    BIGINT NOT NULL,
  created_by    TEXT NOT NULL,                       -- username or "cli"
  revoked_at    BIGINT,
  last_used_at  BIGINT,
  uses          INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE open311_request (
  id            INTEGER PRIMARY KEY,
  petition_id   INTEGER NOT NULL UNIQUE REFERENCES petition(id),
  token         TEXT NOT NULL UNIQUE,                -- random, returned by POST
  key_id        INTEGER NOT NULL REFERENCES open311_key(id),
  service_code  TEXT NOT NULL,
  lat           TEXT NOT NULL DEFAULT '',            -- decimal text as given (checked)
  lon           TEXT NOT NULL DEFAULT '',
  address       TEXT NOT NULL DEFAULT '',            -- address_string: the place of the issue
  media_url     TEXT NOT NULL DEFAULT '',            -- stored as text, never fetched
  created_at    BIGINT NOT NULL
);
CREATE INDEX open311_request_key ON open311_request (key_id, created_at);
