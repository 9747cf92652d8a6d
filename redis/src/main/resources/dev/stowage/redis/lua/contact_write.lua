-- Writes contacts and their index entries as one atomic step, or nothing.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the tenant's contact ids, KEYS[3] the marker that its word index is complete: a write
-- that adds the first contact of an empty tenant sets it (every contact written since carries its
-- words), the write that removes the last one removes it.
-- ARGV[2] = n, the number of contacts. For contact r = 1..n:
--   KEYS[3 + r] its record key; ARGV[3r], ARGV[3r + 1], ARGV[3r + 2] = expected, new, id where
--   expected is '' if the record must not exist, else the value it must still have (the one the
--   caller read and computed the change from), and new is '' to delete the record.
-- Then index operations j = 1..m: KEYS[3 + n + j] the index key and
--   ARGV[3n + 3j], ARGV[3n + 3j + 1], ARGV[3n + 3j + 2] = code, member, owner id, with code one of
--   zadd, zrem, sadd, srem (sorted set / set member), hset (claim a unique hash field for the
--   owner), hdel (release a hash field if the owner holds it).
-- The caller lists every removal before every addition.
-- Replies {'OK'}, {'CHANGED', r} if contact r is not as expected (reread and retry), or
-- {'DUPLICATE', field} if a unique field is held by another contact. Nothing is written unless OK.
local n = tonumber(ARGV[2])
local m = #KEYS - 3 - n

for r = 1, n do
  local expected = ARGV[3 * r]
  local current = redis.call('GET', KEYS[3 + r])
  if expected == '' then
    if current then
      return {'CHANGED', tostring(r)}
    end
  elseif current ~= expected then
    return {'CHANGED', tostring(r)}
  end
end

-- Check unique claims against the state as it will be after the removals before them.
local overlay = {}
for j = 1, m do
  local key = KEYS[3 + n + j]
  local code, member, owner = ARGV[3 * n + 3 * j], ARGV[3 * n + 3 * j + 1], ARGV[3 * n + 3 * j + 2]
  if code == 'hset' or code == 'hdel' then
    local slot = key .. '\n' .. member
    local holder = overlay[slot]
    if holder == nil then
      holder = redis.call('HGET', key, member)
    end
    if code == 'hdel' then
      if holder == owner then
        overlay[slot] = false
      end
    else
      if holder and holder ~= owner then
        return {'DUPLICATE', member}
      end
      overlay[slot] = owner
    end
  end
end

local was_empty = redis.call('ZCARD', KEYS[2]) == 0
for r = 1, n do
  local new = ARGV[3 * r + 1]
  if new == '' then
    redis.call('DEL', KEYS[3 + r])
  else
    redis.call('SET', KEYS[3 + r], new)
  end
end

for j = 1, m do
  local key = KEYS[3 + n + j]
  local code, member, owner = ARGV[3 * n + 3 * j], ARGV[3 * n + 3 * j + 1], ARGV[3 * n + 3 * j + 2]
  if code == 'zadd' then
    redis.call('ZADD', key, 0, member)
  elseif code == 'zrem' then
    redis.call('ZREM', key, member)
  elseif code == 'sadd' then
    redis.call('SADD', key, member)
  elseif code == 'srem' then
    redis.call('SREM', key, member)
  elseif code == 'hset' then
    redis.call('HSET', key, member, owner)
  elseif code == 'hdel' then
    if redis.call('HGET', key, member) == owner then
      redis.call('HDEL', key, member)
    end
  else
    return redis.error_reply('unknown index operation ' .. code)
  end
end
if redis.call('ZCARD', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[3])
elseif was_empty then
  redis.call('SET', KEYS[3], '1')
end
return {'OK'}
