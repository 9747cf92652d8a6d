-- Revokes refresh-token families: one (ARGV[2] = 'family', KEYS[2] the family) or every family
-- of a subject (ARGV[2] = 'subject', KEYS[2] the subject's families, ARGV[3] the tenant's key base).
-- ARGV[4] now: a family whose tokens have all expired by then counts as gone.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- Replies {number of families that were live and unrevoked}.
local revoked = 0
if ARGV[2] == 'family' then
  if redis.call('HGET', KEYS[2], 'revoked') == '0' and family_live(KEYS[2], ARGV[4]) then
    redis.call('HSET', KEYS[2], 'revoked', '1')
    revoked = 1
  end
else
  for _, family_id in ipairs(redis.call('SMEMBERS', KEYS[2])) do
    local family = ARGV[3] .. ':rt-family:' .. family_id
    local state = redis.call('HGET', family, 'revoked')
    if state == '0' and family_live(family, ARGV[4]) then
      redis.call('HSET', family, 'revoked', '1')
      revoked = revoked + 1
    elseif not state then
      redis.call('SREM', KEYS[2], family_id)
    end
  end
end
return {tostring(revoked)}
