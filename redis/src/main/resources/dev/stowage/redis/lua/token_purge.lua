-- Removes one batch of items whose expiry is at or before now, from each expiry order.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] credential names, KEYS[3] credentials by access expiry, KEYS[4] credentials by expiry,
-- KEYS[5] refresh tokens by expiry, KEYS[6] denials by end time.
-- ARGV[2] now (time), ARGV[3] batch size, ARGV[4] the tenant's key base.
-- An index entry whose item is already gone (expired natively) counts as removed; one whose item
-- was rewritten with another time is only dropped.
-- Replies {removed, '1' if any order may hold more expired entries else '0'}.
local names, by_access, by_expiry, tokens, denials = KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local now, batch, base = ARGV[2], tonumber(ARGV[3]), ARGV[4]
local upto = '(' .. now .. '!'
local removed = 0
local more = '0'

local expired = redis.call('ZRANGEBYLEX', by_expiry, '-', upto, 'LIMIT', 0, batch)
for _, member in ipairs(expired) do
  local time, name = string.sub(member, 1, 18), string.sub(member, 20)
  local key = base .. ':cred:' .. string.sub(name, -43)
  local record = redis.call('HMGET', key, 'expiry', 'access')
  if record[1] == time then
    redis.call('DEL', key)
    redis.call('ZREM', names, name)
    if record[2] then
      redis.call('ZREM', by_access, record[2] .. ' ' .. name)
    end
    removed = removed + 1
  elseif not record[1] and redis.call('EXISTS', key) == 0 then
    redis.call('ZREM', names, name)
    removed = removed + 1
  end
  redis.call('ZREM', by_expiry, member)
end
if #expired == batch then
  more = '1'
end

expired = redis.call('ZRANGEBYLEX', tokens, '-', upto, 'LIMIT', 0, batch)
for _, member in ipairs(expired) do
  -- '<time> <family id> <owner> <hash>'; the family id is a 36-character uuid, the owner names
  -- the subject's family set (Keys.owner; the subject itself in a keyspace not yet migrated).
  local family_id = string.sub(member, 20, 55)
  local rest = string.sub(member, 57)
  local space = string.find(rest, ' ', 1, true)
  local owner, hash = string.sub(rest, 1, space - 1), string.sub(rest, space + 1)
  redis.call('DEL', base .. ':rt:' .. hash)
  local family = base .. ':rt-family:' .. family_id
  local gone = redis.call('EXISTS', family) == 0
  if not gone then
    redis.call('HDEL', family, 't:' .. hash)
    if redis.call('HINCRBY', family, 'live', -1) <= 0 then
      redis.call('DEL', family)
      gone = true
    end
  end
  if gone then
    redis.call('SREM', base .. ':rt-subject:' .. owner, family_id)
    redis.call('ZREM', base .. ':rt-families', family_id)
  end
  redis.call('ZREM', tokens, member)
  removed = removed + 1
end
if #expired == batch then
  more = '1'
end

expired = redis.call('ZRANGEBYLEX', denials, '-', upto, 'LIMIT', 0, batch)
for _, member in ipairs(expired) do
  local time, jti = string.sub(member, 1, 18), string.sub(member, 20)
  local key = base .. ':jti:' .. jti
  local until_time = redis.call('GET', key)
  if until_time == time then
    redis.call('DEL', key)
    removed = removed + 1
  elseif not until_time then
    removed = removed + 1
  end
  redis.call('ZREM', denials, member)
end
if #expired == batch then
  more = '1'
end
return {tostring(removed), more}
