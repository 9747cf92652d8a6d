-- Reads one batch of an ordered contact index together with the records it names, atomically.
-- KEYS[1] the index (a sorted set of equal scores, members ending with the contact id).
-- ARGV[1], ARGV[2] = min, max (ZRANGEBYLEX bounds); ARGV[3] = 'asc' or 'desc'; ARGV[4] = batch size;
-- ARGV[5] = the record key prefix.
-- Replies {scanned, last member or '', record...}.
local members
if ARGV[3] == 'asc' then
  members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, tonumber(ARGV[4]))
else
  members = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[2], ARGV[1], 'LIMIT', 0, tonumber(ARGV[4]))
end
local reply = {tostring(#members), members[#members] or ''}
for i = 1, #members do
  local record = redis.call('GET', ARGV[5] .. id_of(members[i]))
  if record then
    reply[#reply + 1] = record
  end
end
return reply
