-- Moves one subject's refresh-token families from the old layout (set named by the subject, expiry
-- members '<time> <family> <subject> <hash>') to the new one (set named by the owner, the keyed
-- hash of the subject; members '<time> <family> <owner> <hash>'; each family records its owner),
-- merging with a new-layout set that writers created meanwhile.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the old set, KEYS[3] the new set, KEYS[4] the tenant's tokens by expiry.
-- ARGV[2] the subject, ARGV[3] the owner, ARGV[4] the tenant's key base.
-- Replies {'1'} if the old set existed and was moved, {'0'} otherwise.
local old, new, by_expiry = KEYS[2], KEYS[3], KEYS[4]
local subject, owner, base = ARGV[2], ARGV[3], ARGV[4]
if redis.call('EXISTS', old) == 0 then
  return {'0'}
end
local old_ms = redis.call('PTTL', old)
local new_ms = redis.call('PTTL', new)
for _, family_id in ipairs(redis.call('SMEMBERS', old)) do
  local family = base .. ':rt-family:' .. family_id
  local fields = redis.call('HGETALL', family)
  if #fields > 0 then
    redis.call('HSET', family, 'owner', owner)
    for i = 1, #fields, 2 do
      if string.sub(fields[i], 1, 2) == 't:' then
        local hash, expires = string.sub(fields[i], 3), fields[i + 1]
        if redis.call('ZREM', by_expiry, expires .. ' ' .. family_id .. ' ' .. subject .. ' ' .. hash) == 1 then
          redis.call('ZADD', by_expiry, 0, expires .. ' ' .. family_id .. ' ' .. owner .. ' ' .. hash)
        end
      end
    end
  end
  redis.call('SADD', new, family_id)
end
-- The merged set lives as long as the longer of both (-1: no lifetime, -2: the new set was absent).
if old_ms == -1 or new_ms == -1 then
  redis.call('PERSIST', new)
else
  redis.call('PEXPIRE', new, math.max(old_ms, new_ms))
end
redis.call('DEL', old)
return {'1'}
