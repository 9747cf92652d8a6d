-- Renames one email index key from the old layout (the address in clear) to the new one (its
-- keyed hash), merging with a new-layout key that writers created meanwhile.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the old key, KEYS[3] the new key (both sets, in the tenant's slot).
-- Replies {'1'} if the old key existed and was moved, {'0'} otherwise.
if redis.call('EXISTS', KEYS[2]) == 0 then
  return {'0'}
end
redis.call('SUNIONSTORE', KEYS[3], KEYS[3], KEYS[2])
redis.call('DEL', KEYS[2])
return {'1'}
