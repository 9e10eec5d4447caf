-- wrk script for the sync pixel: a realistic Tealium sync hit with a unique 45-hex DMP cookie id per request and
-- a valid, signed Bakery id cookie (so no bounce). Optional pacing: WRK_DELAY_MS per request per connection.
-- Env: BAKERY_COOKIE (the Cookie header), WRK_DELAY_MS (0 = as fast as possible).
local counter = 0
local thread_id = 0
local cookie = os.getenv("BAKERY_COOKIE")
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "0")

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end

function init(args)
  counter = 0
end

function request()
  counter = counter + 1
  local id = string.format("0162974812345abcdef%02x%024x", tid, counter)
  local path = "/bakery/sync/dmpsyncendpoint?partner=acme-tealium&site=bench.example&read=false&cookieid=" .. id
  return wrk.format("GET", path, { ["Cookie"] = cookie, ["User-Agent"] = "Mozilla/5.0 (bench)" })
end

function delay()
  return pause
end
