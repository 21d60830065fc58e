-- wrk script for bench/load.py: cycles through the paths in a file, optionally POSTs a form with a
-- number unique to each request, counts responses with an unexpected status, and prints its
-- figures as one line of JSON.
--
--   wrk -s bench/wrk.lua URL -- PATHS_FILE EXPECTED_STATUS [COOKIE] [BODY_FILE]
--
-- PATHS_FILE has one path per line; BODY_FILE (for a POST) a urlencoded body in which every "{n}"
-- becomes a number unique to the request.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function read_lines(name)
  local lines = {}
  for line in io.lines(name) do
    if line ~= "" then table.insert(lines, line) end
  end
  return lines
end

function init(args)
  paths = read_lines(args[1])
  expected = tonumber(args[2])
  headers = {}
  if args[3] and args[3] ~= "" then headers["Cookie"] = args[3] end
  if args[4] and args[4] ~= "" then
    local file = io.open(args[4], "r")
    body = file:read("*a"):gsub("%s+$", "")
    file:close()
    headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  counter = 0
  unexpected = 0
  -- Each run starts somewhere else in the list: a run after another asks for other addresses first.
  math.randomseed(os.time() * 100 + id)
  offset = math.random(#paths)
end

function request()
  counter = counter + 1
  local path = paths[(counter + offset + id * 7919) % #paths + 1]
  if body then
    local unique = tostring(id) .. "x" .. tostring(counter) .. "x" .. tostring(os.time())
    return wrk.format("POST", path, headers, (body:gsub("{n}", unique)))
  end
  return wrk.format("GET", path, headers)
end

function response(status, response_headers, response_body)
  if status ~= expected then unexpected = unexpected + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("unexpected") end
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, '
      .. '"unexpected_status": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, bad, errors.connect, errors.read, errors.write,
    errors.status, errors.timeout))
end
