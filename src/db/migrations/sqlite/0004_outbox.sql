-- 0004 — the e-mail outbox.
-- A notification is written here in the SAME transaction as the change that
-- causes it (so there is never a mail about a change that was rolled back,
-- nor a change whose mail is lost); the background sender (src/mail/sender.c)
-- delivers it over SMTP, never inside an HTTP request, and records the
-- outcome here with its own short transactions.
--
-- A row is in one of three states:
--   pending  sent_at IS NULL AND failed_at IS NULL (due once next_attempt_at <= now)
--   sent     sent_at IS NOT NULL
--   failed   failed_at IS NOT NULL (a permanent SMTP refusal, or the last attempt failed)
-- last_error is short and never holds personal data (an SMTP status and the
-- libcurl error text, never the server's reply, which may quote the address).

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  created_at       BIGINT NOT NULL,
  kind             TEXT NOT NULL,                    -- 'dossier.received', …
  dossier_code     TEXT,                             -- no FK: mail outlives nothing
  to_addr          TEXT NOT NULL,                    -- one validated address
  subject          TEXT NOT NULL,                    -- UTF-8, one line
  body             TEXT NOT NULL,                    -- text/plain UTF-8, LF line ends
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  BIGINT NOT NULL,
  sent_at          BIGINT,
  failed_at        BIGINT,
  last_error       TEXT NOT NULL DEFAULT ''
);
-- The sender's query: pending rows by due time.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id)
  WHERE sent_at IS NULL AND failed_at IS NULL;
-- "Which mails went out about this dossier" (tracking, support).
CREATE INDEX outbox_dossier ON outbox (dossier_code, id);
