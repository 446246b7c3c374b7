-- The whole authorization-code flow, one flow at a time per connection:
-- GET authorize (signed-in session cookie) -> 302 with a code
-- POST token (client_secret_basic, code, PKCE verifier) -> access token
-- GET userinfo (bearer) -> 200; then again.
-- Run with as many threads as connections (-t8 -c8): each thread keeps its own flow's state.
-- wrk -t8 -c8 -d10s -s code-flow.lua http://127.0.0.1:8090 -- \
--   <authorize path> <token path> <userinfo path> <basic auth> <challenge> <verifier> <cookie>[|<cookie>...]
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local authorize, token, userinfo, basic, challenge, verifier, cookie
local step = 0
local code, access = nil, nil
flows = 0
failures = 0

local function split(s, sep)
  local out = {}
  for part in string.gmatch(s, "([^" .. sep .. "]+)") do
    table.insert(out, part)
  end
  return out
end

function init(args)
  authorize, token, userinfo, basic, challenge, verifier = args[1], args[2], args[3], args[4], args[5], args[6]
  local cookies = split(args[7], "|")
  cookie = cookies[((id - 1) % #cookies) + 1]
end

local redirect = "http%3A%2F%2F127.0.0.1%2Fcb"

function request()
  if step == 0 then
    return wrk.format("GET", authorize .. "?response_type=code&client_id=web&redirect_uri=" .. redirect
      .. "&scope=openid%20profile&state=bench-state&nonce=bench-nonce&code_challenge=" .. challenge
      .. "&code_challenge_method=S256", { ["Cookie"] = cookie })
  elseif step == 1 then
    return wrk.format("POST", token, {
      ["Authorization"] = basic,
      ["Content-Type"] = "application/x-www-form-urlencoded" },
      "grant_type=authorization_code&code=" .. code .. "&redirect_uri=" .. redirect .. "&code_verifier=" .. verifier)
  else
    return wrk.format("GET", userinfo, { ["Authorization"] = "Bearer " .. access })
  end
end

local function fail(what, status, headers)
  failures = failures + 1
  if failures <= 3 then
    io.stderr:write("flow failed at " .. what .. ": " .. status .. " "
      .. tostring(headers["Location"] or headers["location"] or "") .. "\n")
  end
  step = 0
end

function response(status, headers, body)
  if step == 0 then
    local location = headers["Location"] or headers["location"]
    code = location and string.match(location, "[?&]code=([^&]+)")
    if status == 302 and code then step = 1 else fail("authorize", status, headers) end
  elseif step == 1 then
    access = string.match(body, '"access_token"%s*:%s*"([^"]+)"')
    if status == 200 and access then step = 2 else fail("token", status, headers) end
  else
    if status == 200 then
      flows = flows + 1
      step = 0
    else
      fail("userinfo", status, headers)
    end
  end
end

function done(summary, latency, requests)
  local total, failed = 0, 0
  for _, t in ipairs(threads) do
    total = total + t:get("flows")
    failed = failed + t:get("failures")
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.1f requests=%d flows_per_s=%.1f flows=%d flow_failures=%d\n",
    summary.requests / seconds, summary.requests, total / seconds, total, failed))
end
