-- wrk script of bench/load_bench.py: POST /api/v1/tickets, each request with its own
-- Idempotency-Key and phone (no 并单), counting answers per class and keeping the ids of 2xx.
-- The phone carries a number derived from the run id: a run never repeats the callers of an
-- earlier run (the warm-up's orders are still open: a repeat would be merged, 并单, not created).
-- args: run-id, bearer token, output file
local categories = { "request_dibao", "request_medical", "request_education", "request_housing" }
local threads = {}
local next_tid = 1

function setup(thread)
  thread:set("tid", next_tid)
  next_tid = next_tid + 1
  table.insert(threads, thread)
end

function init(args)
  run, token, out = args[1], args[2], args[3]
  counter, ok, busy, other = 0, 0, 0, 0
  ids = {}
  local h = 0
  for i = 1, #run do
    h = (h * 31 + string.byte(run, i)) % 10000
  end
  prefix = string.format("1%04d%d", h, tid)
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
end

function request()
  counter = counter + 1
  headers["Idempotency-Key"] = run .. "-" .. tid .. "-" .. counter
  local body = string.format(
    '{"channel":"chat","text":"压测工单 %d-%d：家里三口人，丈夫残疾，每月收入不足一千元，想申请低保。",'
      .. '"locality":"620422","category":"%s","contact_phone":"%s%07d","urgency":"normal",'
      .. '"household":{"locality":"620422","members":[{"relation":"self","age":40}]}}',
    tid, counter, categories[counter % 4 + 1], prefix, counter)
  return wrk.format("POST", "/api/v1/tickets", headers, body)
end

function response(status, hdrs, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    ids[#ids + 1] = string.match(body, '"id":(%d+)')
  elseif status == 503 then
    busy = busy + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local out = threads[1]:get("out")
  local okt, busyt, othert, sent = 0, 0, 0, 0
  local f = io.open(out .. ".ids", "w")
  for _, t in ipairs(threads) do
    okt = okt + t:get("ok")
    busyt = busyt + t:get("busy")
    othert = othert + t:get("other")
    sent = sent + t:get("counter")
    for _, id in ipairs(t:get("ids")) do
      f:write(id, "\n")
    end
  end
  f:close()
  local e = summary.errors
  f = io.open(out, "w")
  f:write(string.format(
    '{"answers":%d,"duration_us":%d,"ok":%d,"busy":%d,"other":%d,"sent":%d,'
      .. '"socket_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, okt, busyt, othert, sent,
    e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  f:close()
end
