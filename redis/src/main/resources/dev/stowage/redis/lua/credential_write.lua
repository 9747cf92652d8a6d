-- Writes or deletes credentials with their index entries, compare-and-set, all or nothing.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the credential names ('<subject> <provider> <hashed name>', lexicographic), KEYS[3] the access-token
-- expiry order ('<time> <name>'), KEYS[4] the expiry order ('<time> <name>').
-- ARGV[2] = n; for credential r = 1..n: KEYS[4 + r] its hash (json, access, expiry) and six
-- arguments from ARGV[6r - 3]: expected JSON ('' = must be absent), new JSON ('' = delete), name,
-- access time or '', expiry time or '', remaining lifetime in ms or '' (never expires).
-- Replies {'OK'} or {'CHANGED', r}; nothing is written unless OK.
local names, by_access, by_expiry = KEYS[2], KEYS[3], KEYS[4]
local n = tonumber(ARGV[2])

for r = 1, n do
  local expected = ARGV[6 * r - 3]
  local current = redis.call('HGET', KEYS[4 + r], 'json')
  if expected == '' then
    if current then
      return {'CHANGED', tostring(r)}
    end
  elseif current ~= expected then
    return {'CHANGED', tostring(r)}
  end
end

for r = 1, n do
  local key = KEYS[4 + r]
  local a = 6 * r - 3
  local new, name, access, expiry, ttl = ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local old = redis.call('HMGET', key, 'access', 'expiry')
  if old[1] then
    redis.call('ZREM', by_access, old[1] .. ' ' .. name)
  end
  if old[2] then
    redis.call('ZREM', by_expiry, old[2] .. ' ' .. name)
  end
  redis.call('DEL', key)
  if new == '' then
    redis.call('ZREM', names, name)
  else
    redis.call('HSET', key, 'json', new)
    if access ~= '' then
      redis.call('HSET', key, 'access', access)
    end
    if expiry ~= '' then
      redis.call('HSET', key, 'expiry', expiry)
      redis.call('PEXPIRE', key, ttl)
    end
    local created = redis.call('EXISTS', names) == 0
    redis.call('ZADD', names, 0, name)
    keep_alive(names, ttl, created)
    if access ~= '' then
      created = redis.call('EXISTS', by_access) == 0
      redis.call('ZADD', by_access, 0, access .. ' ' .. name)
      keep_alive(by_access, ttl, created)
    end
    if expiry ~= '' then
      created = redis.call('EXISTS', by_expiry) == 0
      redis.call('ZADD', by_expiry, 0, expiry .. ' ' .. name)
      keep_alive(by_expiry, ttl, created)
    end
  end
end
return {'OK'}
