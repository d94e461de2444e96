-- wrk -s wrk-consent-decide.lua: POSTs consent_decide for one subject, rotating data classes.
-- Set SUBJECT (64 hex digits), ORG and ROLE through the environment. Every answer must be a
-- decision (permit or deny); an RPC error stops the run.
local subject = os.getenv("SUBJECT")
local org = os.getenv("ORG")
local role = os.getenv("ROLE") or "insurer"
local classes = { "billing", "diagnoses", "lab_results", "imaging" }
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local class = classes[(counter % #classes) + 1]
  local body = '{"jsonrpc":"2.0","id":1,"method":"consent_decide","params":[{"subject":"' .. subject ..
    '","organization":' .. org .. ',"role":"' .. role .. '","purpose":"payment","action":"read","data_class":"' ..
    class .. '"}]}'
  return wrk.format(nil, nil, nil, body)
end
response = function(status, headers, body)
  if not string.find(body, '"decision":') then
    print(body)
    os.exit(1)
  end
end
