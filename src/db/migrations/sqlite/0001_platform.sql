-- 0001 — the platform: organisation, staff accounts, sessions, tokens,
-- login throttling and the audit trail.
-- Written to run on PostgreSQL too, apart from INTEGER PRIMARY KEY (the PG
-- migrations use GENERATED … AS IDENTITY): instants are BIGINT Unix seconds,
-- booleans 0/1 integers.

CREATE TABLE agency (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  level         TEXT NOT NULL CHECK (level IN ('province', 'commune')),
  parent_id     INTEGER REFERENCES agency(id),
  eid           TEXT NOT NULL DEFAULT '',        -- electronic identifier, prefix of dossier codes
  centre_name   TEXT NOT NULL DEFAULT '',
  address       TEXT NOT NULL DEFAULT '',
  phone         TEXT NOT NULL DEFAULT '',
  email         TEXT NOT NULL DEFAULT '',
  work_periods  TEXT NOT NULL DEFAULT '07:30-11:30,13:00-17:00',
  cutoff        TEXT NOT NULL DEFAULT '15:00',
  island        INTEGER NOT NULL DEFAULT 0,       -- island/remote commune (longer limits)
  is_home       INTEGER NOT NULL DEFAULT 0        -- the centre this server runs
);

CREATE TABLE unit (
  id         INTEGER PRIMARY KEY,
  agency_id  INTEGER NOT NULL REFERENCES agency(id),
  code       TEXT NOT NULL,
  name       TEXT NOT NULL,
  UNIQUE (agency_id, code)
);

CREATE TABLE staff (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  full_name      TEXT NOT NULL DEFAULT '',
  title          TEXT NOT NULL DEFAULT '',
  email          TEXT NOT NULL DEFAULT '',
  unit_id        INTEGER REFERENCES unit(id),
  password_hash  TEXT NOT NULL,
  active         INTEGER NOT NULL DEFAULT 1,
  created_at     BIGINT NOT NULL,
  updated_at     BIGINT NOT NULL
);

CREATE TABLE staff_role (
  staff_id  INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  role      TEXT NOT NULL CHECK (role IN ('admin', 'reception', 'specialist', 'head', 'leader')),
  PRIMARY KEY (staff_id, role)
);

-- Only hashes of session and API tokens are stored (BLAKE2b-256, hex).
CREATE TABLE session (
  token_hash  TEXT PRIMARY KEY,
  staff_id    INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  csrf_token  TEXT NOT NULL,
  created_at  BIGINT NOT NULL,
  last_seen   BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL
);
CREATE INDEX session_staff ON session (staff_id);

CREATE TABLE api_token (
  id            INTEGER PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  staff_id      INTEGER NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  label         TEXT NOT NULL DEFAULT '',
  created_at    BIGINT NOT NULL,
  revoked_at    BIGINT
);

-- Failed logins, per account ('u:' || username) and per address ('a:' || hash).
CREATE TABLE login_failure (
  key           TEXT PRIMARY KEY,
  failures      INTEGER NOT NULL,
  window_start  BIGINT NOT NULL,
  locked_until  BIGINT NOT NULL DEFAULT 0
);

-- Every change of a business record, written in the same transaction.
-- before/after are JSON documents of the changed fields.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          BIGINT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  entity      TEXT NOT NULL,
  entity_id   TEXT NOT NULL,
  before      TEXT,
  after       TEXT,
  request_id  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit (entity, entity_id, id);
CREATE INDEX audit_at ON audit (at);
