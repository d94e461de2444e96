-- wrk -s verify.lua: POSTs trace_verify for a rotating set of scans.
-- Set GTIN, PREFIX (serial prefix), COUNT and ORG through the environment.
local gtin = os.getenv("GTIN")
local org = os.getenv("ORG")
local count = tonumber(os.getenv("COUNT"))
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local serial = string.format("U%09d", (counter * 7919) % count)
  local scan = "]d201" .. gtin .. "17301231\\u001d10LOAD\\u001d21" .. serial
  local body = '{"jsonrpc":"2.0","id":1,"method":"trace_verify","params":["' .. scan .. '",' .. org .. ']}'
  return wrk.format(nil, nil, nil, body)
end
response = function(status, headers, body)
  if not string.find(body, '"verdict":"genuine"') then
    print(body)
    os.exit(1)
  end
end
