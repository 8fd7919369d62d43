-- wrk script of the memory benchmark (tests/bench/ceilings.py): each
-- thread is one learner on one connection, cycling through the routes of
-- a learner's visit, and stops after its share of the requests. The file
-- named by CEILINGS_MIXED holds: the commit's values (JSON); the requests
-- per thread; the cycle (tab-separated paths, "commit" for a commit);
-- then one line per learner as in commit.lua. wrk itself runs for its
-- whole -d whatever its threads do, so each thread that is done says so
-- in the file named by CEILINGS_DONE, and the benchmark stops wrk.

local spec = os.getenv("CEILINGS_MIXED")
local lines = {}
for line in io.lines(spec) do
	lines[#lines + 1] = line
end
local next_learner = 4

function setup(thread)
	thread:set("values", lines[1])
	thread:set("quota", tonumber(lines[2]))
	thread:set("cycle", lines[3])
	thread:set("learner", lines[next_learner])
	next_learner = next_learner + 1
end

local function split(s)
	local f = {}
	for field in string.gmatch(s, "[^\t]+") do
		f[#f + 1] = field
	end
	return f
end

function init(args)
	local f = split(learner)
	commit_path, session, seq = f[1], tonumber(f[4]), tonumber(f[5]) - 1
	get_headers = {["Cookie"] = f[2]}
	post_headers = {["Cookie"] = f[2], ["X-CSRF-Token"] = f[3],
	    ["Content-Type"] = "application/json"}
	routes = split(cycle)
	turn, answered = 0, 0
end

function request()
	turn = turn % #routes + 1
	if routes[turn] ~= "commit" then
		return wrk.format("GET", routes[turn], get_headers)
	end
	seq = seq + 1
	return wrk.format("POST", commit_path, post_headers, string.format(
	    '{"session":%d,"seq":%d,"values":%s}', session, seq, values))
end

function response(status, headers, body)
	answered = answered + 1
	if answered == quota then
		local f = io.open(os.getenv("CEILINGS_DONE"), "a")
		f:write("done\n")
		f:close()
		wrk.thread:stop()
	end
end
