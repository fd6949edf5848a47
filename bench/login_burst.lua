-- wrk script for bench/run.py's login-burst case: failed logins, each from another client
-- address (X-Forwarded-For, trusted by the app through PROXY_HOPS=1 as behind nginx), so
-- no per-address limit could be what keeps the rest of the API fast.

local counter = 0
local body = '{"login": "nobody-at-all", "password": "not the password"}'

function request()
  counter = counter + 1
  -- LuaJIT (wrk's Lua) has no bitwise operators: plain arithmetic.
  local address = string.format("10.%d.%d.%d",
    math.floor(counter / 65536) % 256, math.floor(counter / 256) % 256, counter % 256)
  return wrk.format("POST", "/api/auth/login",
    {["Content-Type"] = "application/json", ["X-Forwarded-For"] = address}, body)
end

function done(summary, latency, _requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
