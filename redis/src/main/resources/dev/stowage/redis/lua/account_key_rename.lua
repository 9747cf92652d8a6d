-- Renames one credit account's keys from the old layout (named by the account id) to the new one
-- (named by its keyed hash): the state, the ledger and the idempotency keys.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2..4] the old state, ledger and idempotency keys, KEYS[5..7] the new ones.
-- Replies {'1'} if moved, {'0'} if there was no old account, {'CONFLICT'} if an account exists
-- under both names (it was posted to under the new name before the migration; nothing is moved).
if redis.call('EXISTS', KEYS[2]) == 0 then
  return {'0'}
end
if redis.call('EXISTS', KEYS[5]) == 1 then
  return {'CONFLICT'}
end
for i = 2, 4 do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    redis.call('RENAME', KEYS[i], KEYS[i + 3])
  end
end
return {'1'}
