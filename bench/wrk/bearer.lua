-- bench/wrk/bearer.lua — every request carries `Authorization: Bearer $BENCH_TOKEN`
-- (a personal API token from `motcua token add`).
local token = os.getenv("BENCH_TOKEN")
if not token or token == "" then
	error("bearer.lua: set BENCH_TOKEN")
end
wrk.headers["Authorization"] = "Bearer " .. token
