-- Reads a refresh token with its family's revocation flag, atomically.
-- KEYS[1] the token (hash); ARGV[1] the tenant's key base.
-- Replies {} or {id, subject, family, issued, expires, used, revoked ('1', '0' or '' if the family is gone)}.
local token = redis.call('HMGET', KEYS[1], 'id', 'subject', 'family', 'issued', 'expires', 'used')
if not token[1] then
  return {}
end
token[7] = redis.call('HGET', ARGV[1] .. ':rt-family:' .. token[3], 'revoked') or ''
return token
