-- Appends a ledger tail computed in Java (LedgerTail.planOn) from the account's state, if that
-- state is still current: the account's sequence must be the one the plan was made from.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the account, KEYS[3] its ledger, KEYS[4] its idempotency keys, KEYS[5] the account ids.
-- ARGV[2] account id, ARGV[3] the expected last sequence ('0': no account), ARGV[4] balance,
-- ARGV[5] purchased, ARGV[6] used, ARGV[7] created, ARGV[8] updated (times), ARGV[9] the new
-- last sequence, ARGV[10] m, then m triples: sequence, entry JSON, idempotency key or ''.
-- Replies {'OK'} or {'CHANGED'} (nothing written: the store reads again and re-plans).
local account, ledger, idem = KEYS[2], KEYS[3], KEYS[4]
if (redis.call('HGET', account, 'seq') or '0') ~= ARGV[3] then
  return {'CHANGED'}
end
redis.call('HSET', account, 'balance', ARGV[4], 'purchased', ARGV[5], 'used', ARGV[6], 'created', ARGV[7],
    'updated', ARGV[8], 'seq', ARGV[9])
local at = 11
for i = 1, tonumber(ARGV[10]) do
  redis.call('HSET', ledger, ARGV[at], ARGV[at + 1])
  if ARGV[at + 2] ~= '' then
    redis.call('HSET', idem, ARGV[at + 2], ARGV[at])
  end
  at = at + 3
end
if ARGV[3] == '0' then
  redis.call('ZADD', KEYS[5], 0, ARGV[2])
end
return {'OK'}
