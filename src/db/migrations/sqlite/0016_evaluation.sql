-- 0016 — the citizen's evaluation of the service (issue 12, item 6). As
-- pg/0016 (the same meaning; ids and the secret's generator differ).
-- Docs: docs/API.md "Evaluation of the service", docs/DECISIONS.md D35.
--
-- A dossier's evaluation secret: 10 random hexadecimal digits (40 bits),
-- printed on the receipt (Mẫu 01) and carried by the result mail's link; the
-- dossier code alone does not let anyone rate a dossier. Set by a trigger at
-- insertion, so every intake path (counter, post, online, demo) has one.
ALTER TABLE dossier ADD COLUMN eval_secret TEXT;
UPDATE dossier SET eval_secret = upper(hex(randomblob(5))) WHERE eval_secret IS NULL;
CREATE TRIGGER dossier_eval_secret AFTER INSERT ON dossier
  WHEN NEW.eval_secret IS NULL
BEGIN
  UPDATE dossier SET eval_secret = upper(hex(randomblob(5))) WHERE id = NEW.id;
END;

-- One evaluation per dossier or per ticket (a ticket linked to a dossier
-- carries both): a second one replaces it within a short window, then 409.
-- Tied to the officer and the counter that served (from the ticket, else the
-- dossier's receiving officer). `reasons`: space-separated reason codes.
-- `comment` is the citizen's text: shown to staff only, never on a public page.
CREATE TABLE evaluation (
  id          INTEGER PRIMARY KEY,
  agency_id   INTEGER NOT NULL REFERENCES agency(id),
  dossier_id  INTEGER UNIQUE REFERENCES dossier(id),
  ticket_id   INTEGER UNIQUE REFERENCES queue_ticket(id),
  level       TEXT NOT NULL CHECK (level IN ('very_satisfied', 'satisfied', 'not_satisfied')),
  reasons     TEXT NOT NULL DEFAULT '',
  comment     TEXT NOT NULL DEFAULT '',
  channel     TEXT NOT NULL CHECK (channel IN ('tablet', 'tracking', 'email')),
  staff_id    INTEGER REFERENCES staff(id),
  counter_id  INTEGER REFERENCES queue_counter(id),
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  revisions   INTEGER NOT NULL DEFAULT 0,
  CHECK (dossier_id IS NOT NULL OR ticket_id IS NOT NULL)
);
CREATE INDEX evaluation_agency ON evaluation (agency_id, created_at);

-- A counter tablet: configured by an administrator, it holds a device token
-- (only its hash is stored) and shows the ticket just finished at its counter.
CREATE TABLE eval_device (
  id          INTEGER PRIMARY KEY,
  agency_id   INTEGER NOT NULL REFERENCES agency(id),
  counter_id  INTEGER NOT NULL REFERENCES queue_counter(id),
  token_hash  TEXT NOT NULL UNIQUE,
  created_at  BIGINT NOT NULL,
  revoked_at  BIGINT
);
