-- Reads one batch of an ordered contact index together with the records it names, atomically.
-- KEYS[1] the index (a sorted set of equal scores, members ending with the contact id).
-- ARGV[1], ARGV[2] = min, max (ZRANGEBYLEX bounds); ARGV[3] = 'asc' or 'desc'; ARGV[4] = batch size;
-- ARGV[5] = the record key prefix; ARGV[6] = a, optional: then only the contacts in every set
-- KEYS[2..1 + a] and, if there are more keys, in at least one of KEYS[2 + a..] come with their record
-- (a search whose index sets are too large to read whole walks its order this way), and ARGV[7]
-- the most records wanted: the walk stops once it has them.
-- Replies {scanned, last member or '', record...}: scanned is the number of index entries read, or
-- the batch size if a filtered walk stopped early (more entries may follow the last one).
local members
if ARGV[3] == 'asc' then
  members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
else
  members = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[2], ARGV[1], 'LIMIT', 0, tonumber(ARGV[4]))
end
local a = tonumber(ARGV[6] or '0')
local function wanted(id)
  for k = 2, 1 + a do
    if redis.call('SISMEMBER', KEYS[k], id) == 0 then
      return false
    end
  end
  if #KEYS <= 1 + a then
    return true
  end
  for k = 2 + a, #KEYS do
    if redis.call('SISMEMBER', KEYS[k], id) == 1 then
      return true
    end
  end
  return false
end
local reply = {tostring(#members), members[#members] or ''}
local most = tonumber(ARGV[7] or '0')
for i = 1, #members do
  local id = id_of(members[i])
  if #KEYS == 1 or wanted(id) then
    local record = redis.call('GET', ARGV[5] .. id)
    if record then
      reply[#reply + 1] = record
      if #reply - 2 == most and i < #members then
        reply[1], reply[2] = ARGV[4], members[i]
        break
      end
    end
  end
end
return reply
