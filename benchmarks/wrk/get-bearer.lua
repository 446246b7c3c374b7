-- GETs one path, again and again, with a fixed bearer token.
-- wrk -t1 -c8 -d10s -s get-bearer.lua http://127.0.0.1:8090 -- <path> <access token>
function init(args)
  wrk.method = "GET"
  wrk.path = args[1]
  wrk.headers["Authorization"] = "Bearer " .. args[2]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f requests=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d\n",
    summary.requests / seconds, summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
