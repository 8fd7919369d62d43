-- wrk script of the commit benchmark (tests/bench/ceilings.py). Run with
-- as many threads as connections: each thread is one learner with one
-- connection and one attempt, and numbers its commits 1, 2, 3 ... after
-- the attempt's stored sequence number, so every commit is new and
-- applied. The file named by CEILINGS_COMMIT holds the values (JSON) on
-- its first line, then one line per learner:
-- path <tab> cookie <tab> csrf <tab> session <tab> first seq.

local spec = os.getenv("CEILINGS_COMMIT")
local lines = {}
for line in io.lines(spec) do
	lines[#lines + 1] = line
end
local next_learner = 2

function setup(thread)
	thread:set("values", lines[1])
	thread:set("learner", lines[next_learner])
	next_learner = next_learner + 1
end

function init(args)
	local f = {}
	for field in string.gmatch(learner, "[^\t]+") do
		f[#f + 1] = field
	end
	path, session, seq = f[1], tonumber(f[4]), tonumber(f[5]) - 1
	headers = {["Cookie"] = f[2], ["X-CSRF-Token"] = f[3],
	    ["Content-Type"] = "application/json"}
end

function request()
	seq = seq + 1
	return wrk.format("POST", path, headers, string.format(
	    '{"session":%d,"seq":%d,"values":%s}', session, seq, values))
end
