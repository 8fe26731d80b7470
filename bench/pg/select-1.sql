-- bench/pg/select-1.sql — pgbench's custom script for bench/pg.sh: the
-- cheapest statement, on one connection: its latency is one round trip
-- between a client and a backend on this machine (what the writer pays per
-- statement, one after another).
SELECT 1;
