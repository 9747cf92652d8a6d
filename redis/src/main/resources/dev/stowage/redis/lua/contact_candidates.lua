-- The contacts carrying all of some tags and at least one of others, with their records, atomically.
-- KEYS[1..a] the tag sets that must all hold the contact, KEYS[a + 1..] the tag sets of which one must.
-- ARGV[1] = a; ARGV[2] = the record key prefix. Replies {record...}.
local a = tonumber(ARGV[1])
local ids
if a > 0 then
  local all = {}
  for i = 1, a do
    all[i] = KEYS[i]
  end
  ids = redis.call('SINTER', unpack(all))
  if #KEYS > a then
    local kept = {}
    for _, id in ipairs(ids) do
      for k = a + 1, #KEYS do
        if redis.call('SISMEMBER', KEYS[k], id) == 1 then
          kept[#kept + 1] = id
          break
        end
      end
    end
    ids = kept
  end
else
  ids = redis.call('SUNION', unpack(KEYS))
end
local reply = {}
for _, id in ipairs(ids) do
  local record = redis.call('GET', ARGV[2] .. id)
  if record then
    reply[#reply + 1] = record
  end
end
return reply
