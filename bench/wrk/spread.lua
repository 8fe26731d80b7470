-- bench/wrk/spread.lua — runs another request script ($BENCH_INNER: track.lua,
-- intake.lua …) against several servers at once: wrk thread i connects to the
-- i-th port of $BENCH_PORTS (space-separated, all on the host of wrk's URL),
-- round-robin, so with as many threads as ports each server gets the same
-- number of connections (wrk gives every thread connections ÷ threads).
-- This is the spreading of bench/pg.sh's three-server runs: no proxy in
-- between, so the CPU measured is motcua's and PostgreSQL's only.
local inner = os.getenv("BENCH_INNER")
local ports = os.getenv("BENCH_PORTS")
if not inner or inner == "" or not ports or ports == "" then
	error("spread.lua: set BENCH_INNER and BENCH_PORTS")
end

dofile(inner)
local inner_setup = setup

local addrs = {}
for p in ports:gmatch("%d+") do
	local a = wrk.lookup(wrk.host, p)
	if not a or not a[1] then
		error("spread.lua: cannot resolve " .. wrk.host .. ":" .. p)
	end
	addrs[#addrs + 1] = a[1]
end

local n = 0
function setup(thread)
	thread.addr = addrs[(n % #addrs) + 1]
	n = n + 1
	if inner_setup then
		inner_setup(thread)
	end
end
