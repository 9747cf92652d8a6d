-- Moves one credential from the old layout (key and index members named '<subject> <provider>')
-- to the new one (key named by the keyed hash, members ending with it; Keys.credentialName).
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the old key, KEYS[3] the new key, KEYS[4] the names, KEYS[5] the access-token expiry
-- order, KEYS[6] the expiry order. ARGV[2] the old name, ARGV[3] the new name.
-- A credential already written under the new key (by an upgraded process) is newer: the old one
-- is dropped with its entries. Replies {'1'} if the old key existed, {'0'} otherwise.
local old, new, names, by_access, by_expiry = KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local old_name, new_name = ARGV[2], ARGV[3]
if redis.call('EXISTS', old) == 0 then
  return {'0'}
end
local record = redis.call('HMGET', old, 'access', 'expiry')
redis.call('ZREM', names, old_name)
if record[1] then
  redis.call('ZREM', by_access, record[1] .. ' ' .. old_name)
end
if record[2] then
  redis.call('ZREM', by_expiry, record[2] .. ' ' .. old_name)
end
if redis.call('EXISTS', new) == 1 then
  redis.call('DEL', old)
  return {'1'}
end
redis.call('RENAME', old, new)
local ms = redis.call('PTTL', new)
if ms < 0 then
  ms = ''
end
local function add(key, member)
  local created = redis.call('EXISTS', key) == 0
  redis.call('ZADD', key, 0, member)
  keep_alive(key, ms, created)
end
add(names, new_name)
if record[1] then
  add(by_access, record[1] .. ' ' .. new_name)
end
if record[2] then
  add(by_expiry, record[2] .. ' ' .. new_name)
end
return {'1'}
