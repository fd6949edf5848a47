-- wrk script for bench/run.py: `wrk -s bench/wrk.lua URL -- REQUESTS_FILE`.
--
-- REQUESTS_FILE holds one request per line, tab-separated: METHOD, PATH, TOKEN ("-" for
-- none) and an optional JSON body. Requests are sent round-robin, so a file of alternating
-- POST and DELETE lines drives like + unlike, and several tokens spread the load over
-- several users. The summary is printed as one JSON line that run.py parses.

local requests = {}
local next_index = 1

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    local method, path, token, body = line:match("^([^\t]+)\t([^\t]+)\t([^\t]*)\t?(.*)$")
    local headers = {}
    if token ~= "-" and token ~= "" then
      headers["Authorization"] = "Bearer " .. token
    end
    if body ~= nil and body ~= "" then
      headers["Content-Type"] = "application/json"
    else
      body = nil
    end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
  file:close()
  assert(#requests > 0, "no requests in " .. args[1])
end

function request()
  local req = requests[next_index]
  next_index = next_index % #requests + 1
  return req
end

function done(summary, latency, _requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
