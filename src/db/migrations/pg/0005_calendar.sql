-- 0005 — the administrator's calendar decisions, kept on top of the shipped
-- data (data/calendar/*.csv, compiled into the binary). Precedence, applied
-- by src/app/calendar_store.c (docs/CALENDAR.md §5):
--
--  * Dated rows, per year. A year with a calendar_year row is decided by the
--    database: its days off and make-up working days are exactly its
--    calendar_day rows, and the shipped vn-YYYY.csv of that year (if any) is
--    ignored. A calendar_year row with no calendar_day rows makes the year
--    undecided: the rules' defaults apply. Years without a calendar_year row
--    keep the shipped data (or the defaults).
--  * Recurring rules. If calendar_rule has any row, those rows replace the
--    shipped rules.csv entirely; with none, the shipped rules apply.
--
-- The first edit of a year copies that year's effective rows (shipped or
-- computed defaults) into calendar_day, so an edit never silently drops Tết.
-- Dossier appointments (dossier.due_at) are never recomputed from this.

CREATE TABLE calendar_year (
  year        BIGINT PRIMARY KEY CHECK (year BETWEEN 1900 AND 2199),
  updated_by  TEXT NOT NULL,                  -- username of the last change
  updated_at  BIGINT NOT NULL
);

CREATE TABLE calendar_day (
  day         TEXT PRIMARY KEY,               -- local date, YYYY-MM-DD
  year        BIGINT NOT NULL REFERENCES calendar_year(year),
  kind        TEXT NOT NULL CHECK (kind IN ('off', 'work')),  -- work: a Saturday or Sunday
  name        TEXT NOT NULL,                  -- shown to people: "Tết Nguyên đán"
  decision    TEXT NOT NULL DEFAULT '',       -- number of the deciding text
  reason      TEXT NOT NULL DEFAULT '',
  updated_by  TEXT NOT NULL,
  updated_at  BIGINT NOT NULL
);
CREATE INDEX calendar_day_year ON calendar_day (year, day);

-- Same columns as data/calendar/rules.csv (offset is a keyword: offset_days).
CREATE TABLE calendar_rule (
  position     BIGINT PRIMARY KEY,             -- order of the rules, from 1
  basis        TEXT NOT NULL CHECK (basis IN ('solar', 'lunar')),
  month        BIGINT NOT NULL CHECK (month BETWEEN 1 AND 12),
  day          BIGINT NOT NULL CHECK (day BETWEEN 1 AND 31),
  offset_days  BIGINT NOT NULL DEFAULT 0 CHECK (offset_days BETWEEN -31 AND 31),
  days         BIGINT NOT NULL DEFAULT 1 CHECK (days BETWEEN 1 AND 31),
  first_year   BIGINT,                         -- NULL: no bound
  last_year    BIGINT,
  name         TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  updated_by   TEXT NOT NULL,
  updated_at   BIGINT NOT NULL
);
