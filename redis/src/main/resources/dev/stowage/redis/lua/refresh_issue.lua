-- Issues a refresh token, starting a new family or not.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the token (hash), KEYS[3] its family (hash: subject, owner, revoked, live, created,
-- expires, t:<hash> per token), KEYS[4] the subject's families (set), KEYS[5] the tenant's tokens
-- by expiry ('<time> <family> <owner> <hash>'), KEYS[6] the tenant's family ids (sorted set, lexicographic).
-- ARGV[2] id, ARGV[3] subject, ARGV[4] family id, ARGV[5] issued, ARGV[6] expires (times),
-- ARGV[7] lifetime in ms, ARGV[8] the token hash, ARGV[9] the owner (Keys.owner: the keyed hash of
-- the subject that names its family set). Replies {'OK'}.
local token, family, families, by_expiry = KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local subject, family_id, expires, ttl = ARGV[3], ARGV[4], ARGV[6], ARGV[7]

redis.call('HSET', token, 'id', ARGV[2], 'subject', subject, 'family', family_id, 'issued', ARGV[5],
    'expires', expires, 'used', '0')
redis.call('PEXPIRE', token, ttl)

local created = redis.call('EXISTS', family) == 0
if created then
  redis.call('HSET', family, 'subject', subject, 'owner', ARGV[9], 'revoked', '0', 'live', '0', 'created', ARGV[5])
end
add_to_family(family, ARGV[8], expires, ttl, created)
index_add(families, family_id, ttl, false)
index_add(by_expiry, expires .. ' ' .. family_id .. ' ' .. ARGV[9] .. ' ' .. ARGV[8], ttl, true)
index_add(KEYS[6], family_id, ttl, true)
return {'OK'}
