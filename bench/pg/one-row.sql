-- bench/pg/one-row.sql — pgbench's custom script for bench/pg.sh: one INSERT
-- of one small row per transaction (pgbench -n runs each script as its own
-- transaction, autocommit): the single-row durable insert rate of the cluster.
INSERT INTO one_row (v) VALUES ('motcua bench');
