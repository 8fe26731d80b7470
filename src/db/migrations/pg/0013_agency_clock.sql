-- 0013 — each agency's clock and book (issue 11, item 5; DECISIONS D30); as sqlite/0013 (BIGINT ids).
--
-- The tracking book (Mẫu 07 Sổ theo dõi hồ sơ) is kept per agency: the
-- centre that received a dossier enters it in its own book, one volume per
-- (agency, field, year), entries numbered from 1 in each. book_seq was one
-- counter per volume for the whole database; it becomes one per (agency,
-- volume). The book's agency is the receiving one: received_agency_id, else
-- the competent agency_id (the same rule as the receipt, Mẫu 01).
--
-- Existing entries keep their numbers (receipts already printed cite them):
-- each agency's counter of a volume starts after the highest entry its book
-- holds, so numbers stay unique within each book; a book of an agency other
-- than the one that took the whole database's numbers so far may thus show
-- gaps in the volume of the current year.
--
-- The working hours need no schema change: agency.work_periods and
-- agency.cutoff (0001) were there for every agency; the clock now uses them.

DROP TABLE book_seq;
CREATE TABLE book_seq (
  agency_id  BIGINT NOT NULL REFERENCES agency(id),
  volume     TEXT NOT NULL,
  last       BIGINT NOT NULL,
  PRIMARY KEY (agency_id, volume)
);
INSERT INTO book_seq (agency_id, volume, last)
  SELECT coalesce(received_agency_id, agency_id), book_volume, max(book_entry)
  FROM dossier WHERE book_volume IS NOT NULL AND book_entry IS NOT NULL
  GROUP BY coalesce(received_agency_id, agency_id), book_volume;
