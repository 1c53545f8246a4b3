-- wrk script: POST one model description to /api/v1/audits and record non-2xx answers.
-- Usage: wrk -t4 -c16 -d30s --latency -s bench/audit-load.lua http://localhost:8080 -- examples/resnet50.json [query] [gzip]
-- query: appended to /api/v1/audits (e.g. "?reuse=false" or "?detail=findings"); gzip: send Accept-Encoding: gzip.
local body_file = nil

function init(args)
  body_file = args[1] or "examples/resnet50.json"
  local f = assert(io.open(body_file, "r"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.path = "/api/v1/audits" .. (args[2] or "")
  wrk.headers["Content-Type"] = "application/json"
  if args[3] == "gzip" then
    wrk.headers["Accept-Encoding"] = "gzip"
  end
end

local non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  io.write(string.format("requests=%d errors(socket)=%d non2xx(last thread)=%d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status, non2xx))
  io.write(string.format("p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
