-- Imports accounts with their whole ledgers; an account that exists already is skipped.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script). KEYS[2] the account ids.
-- For account i = 1..n: KEYS[3i], KEYS[3i + 1], KEYS[3i + 2] = account, ledger, idempotency keys.
-- ARGV[2] = n, then per account: id, balance, purchased, used, created, updated, m (entries),
-- then m pairs (entry JSON, idempotency key or '').
-- Replies {inserted}.
local n = tonumber(ARGV[2])
local at = 3
local inserted = 0
for i = 1, n do
  local account, ledger, idem = KEYS[3 * i], KEYS[3 * i + 1], KEYS[3 * i + 2]
  local id, balance, purchased, used, created, updated = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3],
      ARGV[at + 4], ARGV[at + 5]
  local m = tonumber(ARGV[at + 6])
  at = at + 7
  if redis.call('EXISTS', account) == 0 then
    inserted = inserted + 1
    redis.call('HSET', account, 'balance', balance, 'purchased', purchased, 'used', used, 'created', created,
        'updated', updated, 'seq', tostring(m))
    for sequence = 1, m do
      redis.call('HSET', ledger, tostring(sequence), ARGV[at])
      if ARGV[at + 1] ~= '' then
        redis.call('HSET', idem, ARGV[at + 1], tostring(sequence))
      end
      at = at + 2
    end
    redis.call('ZADD', KEYS[2], 0, id)
  else
    at = at + 2 * m
  end
end
return {tostring(inserted)}
