-- Reads accounts in id order with their state, atomically.
-- KEYS[1] the account ids; ARGV[1] the ZRANGEBYLEX min bound, ARGV[2] the limit, ARGV[3] the account key prefix.
-- Replies {id, balance, purchased, used, created, updated, ...}.
local ids = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, tonumber(ARGV[2]))
local reply = {}
for _, id in ipairs(ids) do
  local state = redis.call('HMGET', ARGV[3] .. id, 'balance', 'purchased', 'used', 'created', 'updated')
  if state[1] then
    reply[#reply + 1] = id
    for f = 1, 5 do
      reply[#reply + 1] = state[f]
    end
  end
end
return reply
