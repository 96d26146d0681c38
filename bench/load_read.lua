-- wrk script of bench/load_bench.py: GET /api/v1/tickets/{id} of one of the given orders.
-- args: bearer token, comma-separated ids, output file
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  token, out = args[1], args[3]
  targets = {}
  for id in string.gmatch(args[2], "%d+") do
    targets[#targets + 1] = id
  end
  counter, ok, busy, other = 0, 0, 0, 0
  headers = { ["Authorization"] = "Bearer " .. token }
  math.randomseed(os.time() + #targets)
end

function request()
  counter = counter + 1
  local id = targets[math.random(#targets)]
  return wrk.format("GET", "/api/v1/tickets/" .. id, headers)
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  elseif status == 503 then
    busy = busy + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local out = threads[1]:get("out")
  local okt, busyt, othert, sent = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    okt = okt + t:get("ok")
    busyt = busyt + t:get("busy")
    othert = othert + t:get("other")
    sent = sent + t:get("counter")
  end
  local e = summary.errors
  local f = io.open(out, "w")
  f:write(string.format(
    '{"answers":%d,"duration_us":%d,"ok":%d,"busy":%d,"other":%d,"sent":%d,'
      .. '"socket_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, okt, busyt, othert, sent,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  f:close()
end
