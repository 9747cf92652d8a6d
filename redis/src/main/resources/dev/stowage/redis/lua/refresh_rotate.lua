-- Exchanges a refresh token for its successor exactly once; a token presented again revokes its family.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the presented token (hash), KEYS[3] the tenant's tokens by expiry.
-- ARGV[2] now, ARGV[3] the successor's id, ARGV[4] its expiry (times), ARGV[5] its lifetime in ms,
-- ARGV[6] its hash, ARGV[7] the tenant's key base, ARGV[8] the grace start (a time), or '' when a
-- replay is never answered (RefreshSuccessor: the grace period's rule is written there).
-- Replies {'ROTATED', subject, family id}, {'REPLAYED', subject, family id, successor id, its issue
-- time, its expiry} or {'UNKNOWN'|'REVOKED'|'EXPIRED'|'REUSED'}.
local now, expires, ttl, hash, base, grace = ARGV[2], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local token = redis.call('HMGET', KEYS[2], 'subject', 'family', 'expires', 'used')
if not token[1] then
  return {'UNKNOWN'}
end
local subject, family_id = token[1], token[2]
local family = base .. ':rt-family:' .. family_id
-- The order of the checks is RotationResult.Reason's: a used token is REUSED every time it comes
-- back, also after its family was revoked and after it expired, since a store cannot tell a caller
-- that lost a rotation race from a later thief.
if token[4] == '1' then
  -- RefreshSuccessor.answersReplay, condition by condition: the grace period is on; the token
  -- under the successor's hash exists, is in this family, is unused; the family is not revoked;
  -- the successor has not expired and was issued after the grace start.
  if grace ~= '' then
    local next = redis.call('HMGET', base .. ':rt:' .. hash, 'id', 'family', 'issued', 'expires', 'used')
    if next[1] and next[2] == family_id and next[5] == '0' and redis.call('HGET', family, 'revoked') == '0'
        and not digits_le(next[4], now) and not digits_le(next[3], grace) then
      return {'REPLAYED', subject, family_id, next[1], next[3], next[4]}
    end
  end
  if redis.call('EXISTS', family) == 1 then
    redis.call('HSET', family, 'revoked', '1')
  end
  return {'REUSED'}
end
-- A family outlives its tokens; one that is gone cannot vouch for the token, so it counts as revoked.
if redis.call('HGET', family, 'revoked') ~= '0' then
  return {'REVOKED'}
end
if digits_le(token[3], now) then
  return {'EXPIRED'}
end
redis.call('HSET', KEYS[2], 'used', '1')

local successor = base .. ':rt:' .. hash
redis.call('HSET', successor, 'id', ARGV[3], 'subject', subject, 'family', family_id, 'issued', now,
    'expires', expires, 'used', '0')
redis.call('PEXPIRE', successor, ttl)
add_to_family(family, hash, expires, ttl, false)
-- The family's owner names its subject's set; a family written before subjects were hashed has
-- none and keeps its old names until RedisKeyNames.migrate moves it.
local owner = redis.call('HGET', family, 'owner') or subject
index_add(base .. ':rt-subject:' .. owner, family_id, ttl, false)
index_add(KEYS[3], expires .. ' ' .. family_id .. ' ' .. owner .. ' ' .. hash, ttl, true)
index_add(base .. ':rt-families', family_id, ttl, true)
return {'ROTATED', subject, family_id}
