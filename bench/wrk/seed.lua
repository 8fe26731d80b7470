-- bench/wrk/seed.lua — loaded by the request scripts: every wrk thread draws
-- its own random sequence (setup() numbers the threads, init() seeds).
-- `thread_id` is the global that thread:set() gives each thread's Lua state.
local counter = 0
function setup(thread)
	counter = counter + 1
	thread:set("thread_id", counter)
end
function init(args)
	math.randomseed(os.time() * 1000 + (thread_id or 0) * 7919)
end
