-- POSTs one form body, again and again, with a fixed Authorization header.
-- wrk -t1 -c8 -d10s -s post-form.lua http://127.0.0.1:8090 -- <path> <authorization> <body>
function init(args)
  wrk.method = "POST"
  wrk.path = args[1]
  wrk.headers["Authorization"] = args[2]
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.body = args[3]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f requests=%d status_errors=%d socket_errors=%d p50_us=%d p99_us=%d\n",
    summary.requests / seconds, summary.requests, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
