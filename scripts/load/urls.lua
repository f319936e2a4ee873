-- wrk script: each request picks a path from the file named by the PATHS environment variable
-- (one path per line), so one run mixes many search words or article ids.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
