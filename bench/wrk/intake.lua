-- bench/wrk/intake.lua — counter intake: every request is a valid
-- `POST /api/v1/dossiers` from a reception officer (personal API token in
-- $BENCH_TOKEN), as tests/e2e/dossier.test.mjs sends it: a procedure of the
-- demo catalogue with its mandatory documents, and an applicant that varies a
-- little (name, personal ID, phone, sometimes an e-mail, address).
--
-- $BENCH_PROCS names a file with one procedure a line:
--   CODE<TAB>[{"id":105,"form":"original","count":1},…]
-- (bench/dossier.sh writes it from the database: the mandatory documents).
-- Any answer other than 201 is counted and printed at the end.
local token = os.getenv("BENCH_TOKEN")
local procs_file = os.getenv("BENCH_PROCS")
if not token or token == "" or not procs_file or procs_file == "" then
	error("intake.lua: set BENCH_TOKEN and BENCH_PROCS")
end

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"

local procs = {}
local fh = assert(io.open(procs_file, "r"))
for line in fh:lines() do
	local code, docs = line:match("^([^\t]+)\t(.+)$")
	if code then
		procs[#procs + 1] = { code = code, docs = docs }
	end
end
fh:close()
if #procs == 0 then
	error("intake.lua: no procedure in " .. procs_file)
end

local fam = { "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý" }
local mid = { "Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thị Mỹ", "Công", "Quốc", "Thu", "Xuân" }
local given = { "Bình", "An", "Hoa", "Lan", "Tuấn", "Dũng", "Hương", "Trang", "Phúc", "Sơn", "Hải", "Linh", "Nam", "Thảo", "Vy", "Khoa", "Tài", "Duyên" }
local streets = { "Trần Phú", "Nguyễn Duy Hiệu", "Lê Lợi", "Phan Châu Trinh", "Bạch Đằng", "Hai Bà Trưng", "Nguyễn Thị Minh Khai", "Cửa Đại" }
local mailbox = { "gmail.com", "yahoo.com", "outlook.com" }
local prefixes = { "090", "091", "093", "094", "096", "097", "098", "032", "035", "038", "070", "077", "079", "083", "085", "088" }

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "seed.lua")
local bad = 0

local function pick(t)
	return t[math.random(#t)]
end

function request()
	local p = procs[math.random(#procs)]
	-- 12-digit personal ID: Đà Nẵng (048), century/sex digit, birth year, 6 digits
	local id
	if math.random(5) == 1 then
		id = string.format("048%d%02d%06d", 2 + math.random(0, 1), math.random(0, 6), math.random(0, 999999))
	else
		id = string.format("048%d%02d%06d", math.random(0, 1), math.random(50, 99), math.random(0, 999999))
	end
	local name = pick(fam) .. " " .. pick(mid) .. " " .. pick(given)
	local email = ""
	if math.random(3) == 1 then
		email = string.format(',"email":"user%d@%s"', math.random(1, 999999), pick(mailbox))
	end
	local body = string.format(
		'{"procedure":"%s","applicant":{"kind":"person","name":"%s","id_number":"%s","phone":"%s %03d %04d"%s,'
			.. '"address":"%d %s, phường Hội An, Đà Nẵng"},"channel":"counter","return_method":"counter","documents":%s}',
		p.code, name, id, pick(prefixes), math.random(0, 999), math.random(0, 9999), email,
		math.random(1, 300), pick(streets), p.docs)
	return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
	if status ~= 201 then
		bad = bad + 1
		if bad <= 3 then
			io.stderr:write("intake.lua: status " .. status .. ": " .. body:sub(1, 300) .. "\n")
		end
	end
end
