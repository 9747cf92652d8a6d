-- Imports refresh-token families, merging into what the tenant holds: missing tokens are added,
-- a token becomes used and a family revoked if the imported one is (never the reverse).
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the tenant's family ids (sorted set), KEYS[3] the tenant's tokens by expiry.
-- ARGV[2] now (time), ARGV[3] the tenant's key base, ARGV[4] n, then per family: id, subject,
-- owner (Keys.owner), created (time), revoked ('0'/'1'), m, then m tokens: hash, id, issued, expires (times),
-- used ('0'/'1'), remaining lifetime in ms. Every token is unexpired at now.
-- Replies {'OK', inserted, updated} or {'CONFLICT', family id}, having written nothing then.
local now, base = ARGV[2], ARGV[3]
local families = {}
local at = 5
for i = 1, tonumber(ARGV[4]) do
  local family = {id = ARGV[at], subject = ARGV[at + 1], owner = ARGV[at + 2], created = ARGV[at + 3],
                  revoked = ARGV[at + 4], tokens = {}}
  local m = tonumber(ARGV[at + 5])
  at = at + 6
  for j = 1, m do
    family.tokens[j] = {hash = ARGV[at], id = ARGV[at + 1], issued = ARGV[at + 2], expires = ARGV[at + 3],
                        used = ARGV[at + 4], ms = ARGV[at + 5]}
    at = at + 6
  end
  families[i] = family
end

-- First every check, so that a conflict writes nothing.
for _, family in ipairs(families) do
  local subject = redis.call('HGET', base .. ':rt-family:' .. family.id, 'subject')
  if subject and subject ~= family.subject then
    return {'CONFLICT', family.id}
  end
  for _, token in ipairs(family.tokens) do
    local held = redis.call('HMGET', base .. ':rt:' .. token.hash, 'id', 'family', 'issued', 'expires')
    if held[1] and (held[1] ~= token.id or held[2] ~= family.id or held[3] ~= token.issued
        or held[4] ~= token.expires) then
      return {'CONFLICT', family.id}
    end
  end
end

local inserted, updated = 0, 0
for _, family in ipairs(families) do
  local key = base .. ':rt-family:' .. family.id
  local fresh = redis.call('EXISTS', key) == 0
  local was_live = not fresh and family_live(key, now)
  local changed = false
  if fresh then
    redis.call('HSET', key, 'subject', family.subject, 'owner', family.owner, 'revoked', '0', 'live', '0',
        'created', family.created)
  end
  -- A family written before subjects were hashed keeps its old names until RedisKeyNames.migrate.
  local owner = redis.call('HGET', key, 'owner') or family.subject
  if family.revoked == '1' and redis.call('HGET', key, 'revoked') ~= '1' then
    redis.call('HSET', key, 'revoked', '1')
    changed = true
  end
  for _, token in ipairs(family.tokens) do
    local token_key = base .. ':rt:' .. token.hash
    if redis.call('EXISTS', token_key) == 0 then
      redis.call('HSET', token_key, 'id', token.id, 'subject', family.subject, 'family', family.id,
          'issued', token.issued, 'expires', token.expires, 'used', token.used)
      redis.call('PEXPIRE', token_key, token.ms)
      add_to_family(key, token.hash, token.expires, token.ms, fresh)
      fresh = false
      index_add(base .. ':rt-subject:' .. owner, family.id, token.ms, false)
      index_add(KEYS[3], token.expires .. ' ' .. family.id .. ' ' .. owner .. ' ' .. token.hash, token.ms, true)
      index_add(KEYS[2], family.id, token.ms, true)
      changed = true
    elseif token.used == '1' and redis.call('HGET', token_key, 'used') ~= '1' then
      redis.call('HSET', token_key, 'used', '1')
      changed = true
    end
  end
  if not was_live then
    inserted = inserted + 1
  elseif changed then
    updated = updated + 1
  end
end
return {'OK', tostring(inserted), tostring(updated)}
