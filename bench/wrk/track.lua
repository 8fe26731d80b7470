-- bench/wrk/track.lua — public tracking over random dossier codes:
-- `GET /api/v1/public/dossiers/{code}`, the code drawn at random for every
-- request from the file $BENCH_CODES (one code a line; bench/dossier.sh
-- writes a random sample of the fixture's codes).
local codes_file = os.getenv("BENCH_CODES")
if not codes_file or codes_file == "" then
	error("track.lua: set BENCH_CODES")
end
local codes = {}
local fh = assert(io.open(codes_file, "r"))
for line in fh:lines() do
	if line ~= "" then
		codes[#codes + 1] = line
	end
end
fh:close()
if #codes == 0 then
	error("track.lua: no code in " .. codes_file)
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "seed.lua")

function request()
	return wrk.format("GET", "/api/v1/public/dossiers/" .. codes[math.random(#codes)])
end
