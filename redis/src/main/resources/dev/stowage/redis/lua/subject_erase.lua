-- Erases a subject's credentials and refresh-token families with every token and index entry.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] credential names, KEYS[3] credentials by access expiry, KEYS[4] credentials by expiry,
-- KEYS[5] the subject's families (set), KEYS[6] tokens by expiry, KEYS[7] the tenant's family ids.
-- ARGV[2] the subject, ARGV[3] the tenant's key base, ARGV[4] the subject's owner (Keys.owner).
-- Replies {credentials removed, families removed, tokens removed}; an item that Redis had already
-- dropped (native TTL) is not counted, its index entries are removed all the same.
local names, by_access, by_expiry, families, tokens, family_ids = KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local subject, base, owner = ARGV[2], ARGV[3], ARGV[4]
local credentials, family_count, token_count = 0, 0, 0

-- Names are '<subject> <provider> <hashed name>' and no subject or provider holds a character
-- below '!'.
for _, name in ipairs(redis.call('ZRANGEBYLEX', names, '[' .. subject .. ' ', '(' .. subject .. '!')) do
  local key = base .. ':cred:' .. string.sub(name, -43)
  local record = redis.call('HMGET', key, 'access', 'expiry')
  if record[1] then
    redis.call('ZREM', by_access, record[1] .. ' ' .. name)
  end
  if record[2] then
    redis.call('ZREM', by_expiry, record[2] .. ' ' .. name)
  end
  credentials = credentials + redis.call('DEL', key)
  redis.call('ZREM', names, name)
end

for _, family_id in ipairs(redis.call('SMEMBERS', families)) do
  local family = base .. ':rt-family:' .. family_id
  local fields = redis.call('HGETALL', family)
  for i = 1, #fields, 2 do
    local field = fields[i]
    if string.sub(field, 1, 2) == 't:' then
      local hash = string.sub(field, 3)
      token_count = token_count + redis.call('DEL', base .. ':rt:' .. hash)
      redis.call('ZREM', tokens, fields[i + 1] .. ' ' .. family_id .. ' ' .. owner .. ' ' .. hash)
    end
  end
  family_count = family_count + redis.call('DEL', family)
  redis.call('ZREM', family_ids, family_id)
end
redis.call('DEL', families)
return {tostring(credentials), tostring(family_count), tostring(token_count)}
