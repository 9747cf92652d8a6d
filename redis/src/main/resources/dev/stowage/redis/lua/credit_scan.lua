-- Reads the state of a page of accounts, atomically: the caller lists the ids in id order first
-- (account keys are named by the keyed hash of the id, which a script cannot compute).
-- KEYS[i] the account of ARGV[i].
-- Replies {id, balance, purchased, used, created, updated, ...} for each account that exists.
local reply = {}
for i, key in ipairs(KEYS) do
  local state = redis.call('HMGET', key, 'balance', 'purchased', 'used', 'created', 'updated')
  if state[1] then
    reply[#reply + 1] = ARGV[i]
    for f = 1, 5 do
      reply[#reply + 1] = state[f]
    end
  end
end
return reply
