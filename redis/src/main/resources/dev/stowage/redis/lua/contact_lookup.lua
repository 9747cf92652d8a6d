-- Finds contacts through a hash field or a set, with their records, atomically.
-- KEYS[1] a hash (ARGV[1] = 'hash', ARGV[2] = the field) or a set (ARGV[1] = 'set').
-- ARGV[3] = the record key prefix. Replies {record...}.
local ids
if ARGV[1] == 'hash' then
  local id = redis.call('HGET', KEYS[1], ARGV[2])
  ids = id and {id} or {}
else
  ids = redis.call('SMEMBERS', KEYS[1])
end
local reply = {}
for _, id in ipairs(ids) do
  local record = redis.call('GET', ARGV[3] .. id)
  if record then
    reply[#reply + 1] = record
  end
end
return reply
