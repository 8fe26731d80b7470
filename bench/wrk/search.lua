-- bench/wrk/search.lua — public catalogue search, `GET /api/v1/procedures?q=`,
-- over what citizens type: without diacritics, in capitals, with diacritics
-- (NFC and NFD), a word or a whole name; one query at random per request.
local queries = {
	"dang ky ket hon", "ĐĂNG KÝ KẾT HÔN", "chung thuc", "chứng thực bản sao", "khai sinh",
	"dang ky khai tu", "thuong tru", "tạm trú", "ho kinh doanh", "giay phep xay dung",
	"tro cap xa hoi", "xac nhan tinh trang hon nhan", "hoa giai", "trich luc", "cap ban sao",
	-- "Đăng ký kết hôn" in NFD (combining marks after the base letters)
	"\196\144a\204\134ng ky\204\129 ke\204\130\204\129t ho\204\130n",
}

local function urlencode(s)
	return (s:gsub("[^%w%-%._~]", function(ch)
		return string.format("%%%02X", string.byte(ch))
	end))
end

local paths = {}
for i, q in ipairs(queries) do
	paths[i] = "/api/v1/procedures?q=" .. urlencode(q) .. "&limit=20"
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "seed.lua")

function request()
	return wrk.format("GET", paths[math.random(#paths)])
end
