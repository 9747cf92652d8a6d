-- Issues a refresh token, starting a new family or not.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the token (hash), KEYS[3] its family (hash: subject, revoked, live), KEYS[4] the
-- subject's families (set), KEYS[5] the tenant's tokens by expiry ('<time> <family> <subject> <hash>').
-- ARGV[2] id, ARGV[3] subject, ARGV[4] family id, ARGV[5] issued, ARGV[6] expires (times),
-- ARGV[7] lifetime in ms, ARGV[8] the token hash. Replies {'OK'}.
local token, family, families, by_expiry = KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local subject, family_id, expires, ttl = ARGV[3], ARGV[4], ARGV[6], ARGV[7]

redis.call('HSET', token, 'id', ARGV[2], 'subject', subject, 'family', family_id, 'issued', ARGV[5],
    'expires', expires, 'used', '0')
redis.call('PEXPIRE', token, ttl)

local created = redis.call('EXISTS', family) == 0
if created then
  redis.call('HSET', family, 'subject', subject, 'revoked', '0', 'live', '0')
end
redis.call('HINCRBY', family, 'live', 1)
extend_family(family, expires)
keep_alive(family, ttl, created)

created = redis.call('EXISTS', families) == 0
redis.call('SADD', families, family_id)
keep_alive(families, ttl, created)

created = redis.call('EXISTS', by_expiry) == 0
redis.call('ZADD', by_expiry, 0, expires .. ' ' .. family_id .. ' ' .. subject .. ' ' .. ARGV[8])
keep_alive(by_expiry, ttl, created)
return {'OK'}
