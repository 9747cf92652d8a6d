-- Denies an access token until a time; a later time wins over an earlier one.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the denial (string: its end time), KEYS[3] the tenant's denials by end time ('<time> <jti>').
-- ARGV[2] jti, ARGV[3] the end time, ARGV[4] the remaining lifetime in ms. Replies {'OK'} or {'KEPT'}.
local old = redis.call('GET', KEYS[2])
if old and digits_le(ARGV[3], old) then
  return {'KEPT'}
end
redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[4])
if old then
  redis.call('ZREM', KEYS[3], old .. ' ' .. ARGV[2])
end
local created = redis.call('EXISTS', KEYS[3]) == 0
redis.call('ZADD', KEYS[3], 0, ARGV[3] .. ' ' .. ARGV[2])
keep_alive(KEYS[3], ARGV[4], created)
return {'OK'}
