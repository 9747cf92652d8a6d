-- Reads one batch of a credential order with the records it names, atomically, and drops index
-- entries whose credential is gone (expired natively) or was rewritten with another time.
-- KEYS[1] the order: names ('<subject> <provider> <hashed name>', ARGV[5] = 'names') or
-- access-token expiry ('<time> <name>', ARGV[5] = 'access'); the record is the credential key
-- prefix followed by the hashed name, the member's last 43 characters (Keys.credentialName). ARGV[1], ARGV[2] = min, max (ZRANGEBYLEX bounds);
-- ARGV[3] = batch size; ARGV[4] = the credential key prefix.
-- Replies {scanned, last member or '', json...}.
local members = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
local reply = {tostring(#members), members[#members] or ''}
for _, member in ipairs(members) do
  local name, time = member, nil
  if ARGV[5] == 'access' then
    time, name = string.sub(member, 1, 18), string.sub(member, 20)
  end
  local record = redis.call('HMGET', ARGV[4] .. string.sub(name, -43), 'json', 'access')
  if record[1] and (time == nil or record[2] == time) then
    reply[#reply + 1] = record[1]
  else
    redis.call('ZREM', KEYS[1], member)
  end
end
return reply
