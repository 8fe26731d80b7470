-- 0014 — the counter queue (issue 12): service groups a citizen picks at the
-- kiosk, the counters that call them, the day's tickets and the events the
-- display boards follow. As pg/0014 (the same meaning; only the id columns
-- differ). Docs: docs/API.md "Counter queue", docs/DECISIONS.md D32.
--
-- A ticket holds no personal data: a number, a group, instants, the counter
-- and officer that served it and, once the intake desk took a dossier from
-- it, that dossier's code.

-- A service group: what the citizen chooses at the kiosk, by field
-- (queue_group_field). `prefix` is the letter of its ticket numbers (A012).
CREATE TABLE queue_group (
  id          INTEGER PRIMARY KEY,
  agency_id   INTEGER NOT NULL REFERENCES agency(id),
  code        TEXT NOT NULL,
  prefix      TEXT NOT NULL,
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  BIGINT NOT NULL,
  UNIQUE (agency_id, code),
  UNIQUE (agency_id, prefix)
);

CREATE TABLE queue_group_field (
  group_id  INTEGER NOT NULL REFERENCES queue_group(id) ON DELETE CASCADE,
  field_id  INTEGER NOT NULL REFERENCES field(id),
  PRIMARY KEY (group_id, field_id)
);

-- A counter of the agency's one-stop section: its number on the board, the
-- groups it calls (queue_counter_group), the officer on duty (the last one
-- who called from it), a pause with its reason, and how many priority
-- tickets it called in a row while an ordinary one waited (the bound, D32).
CREATE TABLE queue_counter (
  id               INTEGER PRIMARY KEY,
  agency_id        INTEGER NOT NULL REFERENCES agency(id),
  number           INTEGER NOT NULL CHECK (number BETWEEN 1 AND 999),
  name             TEXT NOT NULL DEFAULT '',
  staff_id         INTEGER REFERENCES staff(id),
  paused           INTEGER NOT NULL DEFAULT 0,
  pause_reason     TEXT NOT NULL DEFAULT '',
  priority_streak  INTEGER NOT NULL DEFAULT 0,
  active           INTEGER NOT NULL DEFAULT 1,
  created_at       BIGINT NOT NULL,
  UNIQUE (agency_id, number)
);

CREATE TABLE queue_counter_group (
  counter_id  INTEGER NOT NULL REFERENCES queue_counter(id) ON DELETE CASCADE,
  group_id    INTEGER NOT NULL REFERENCES queue_group(id) ON DELETE CASCADE,
  PRIMARY KEY (counter_id, group_id)
);

-- A ticket. public_id is the random handle of the citizen's phone page
-- (GET /api/v1/public/tickets/{public_id}); `day` the Vietnam day number it
-- was issued on, `seq` its number in the group that day. queued_at orders
-- the line (a transferred ticket keeps its place in time).
CREATE TABLE queue_ticket (
  id                 INTEGER PRIMARY KEY,
  public_id          TEXT NOT NULL UNIQUE,
  agency_id          INTEGER NOT NULL REFERENCES agency(id),
  group_id           INTEGER NOT NULL REFERENCES queue_group(id),
  day                BIGINT NOT NULL,
  seq                INTEGER NOT NULL,
  number             TEXT NOT NULL,
  priority           INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),
  state              TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done',
                                                    'no_show', 'transferred')),
  issued_at          BIGINT NOT NULL,
  queued_at          BIGINT NOT NULL,
  called_at          BIGINT,
  recalls            INTEGER NOT NULL DEFAULT 0,
  started_at         BIGINT,
  finished_at        BIGINT,
  counter_id         INTEGER REFERENCES queue_counter(id),
  staff_id           INTEGER REFERENCES staff(id),
  target_counter_id  INTEGER REFERENCES queue_counter(id),
  dossier_code       TEXT,
  UNIQUE (group_id, day, seq)
);
CREATE INDEX queue_ticket_line ON queue_ticket (agency_id, day, state, queued_at);
CREATE INDEX queue_ticket_counter ON queue_ticket (counter_id, state);

-- What the boards follow (GET /api/v1/queue/events): one row per change,
-- its id the Server-Sent Events id. `data` is the event's JSON (numbers,
-- groups, counters: no personal data). Rows older than a day are removed.
CREATE TABLE queue_event (
  id         INTEGER PRIMARY KEY,
  agency_id  INTEGER NOT NULL REFERENCES agency(id),
  at         BIGINT NOT NULL,
  kind       TEXT NOT NULL,
  data       TEXT NOT NULL
);
CREATE INDEX queue_event_at ON queue_event (at);
