-- wrk script: the service's trivial endpoint, with the same summary line as audit-load.lua.
function done(summary, latency, requests)
  io.write(string.format("requests=%d errors(socket)=%d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status))
  io.write(string.format("p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f rps=%.1f\n", latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, summary.requests / (summary.duration / 1e6)))
end
