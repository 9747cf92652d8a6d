-- Posts one ledger entry: the idempotency check, the no-negative-balance check, balance, totals,
-- sequence, updatedAt, the entry and the idempotency key change together, or nothing does.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the account (hash: balance, purchased, used, created, updated, seq), KEYS[3] its ledger
-- (hash: sequence -> entry JSON), KEYS[4] its idempotency keys (hash: key -> sequence),
-- KEYS[5] the tenant's account ids (sorted set, lexicographic).
-- ARGV[2] account id, ARGV[3] entry type, ARGV[4] signed amount, ARGV[5] its magnitude,
-- ARGV[6] the negated amount, ARGV[7] idempotency key or '', ARGV[8] now (fixed-width time),
-- ARGV[9] the entry's JSON without sequence and balanceAfter.
-- Replies {'POSTED', sequence, balanceAfter} (the caller holds the rest of the entry),
-- {'REPLAY', original entry}, {'INSUFFICIENT'} or {'OVERFLOW'}.
local account, ledger, idem = KEYS[2], KEYS[3], KEYS[4]
local entry_type, amount, magnitude, negated = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local key, now, body = ARGV[7], ARGV[8], ARGV[9]

if key ~= '' then
  local sequence = redis.call('HGET', idem, key)
  if sequence then
    return {'REPLAY', redis.call('HGET', ledger, sequence)}
  end
end

-- One read of the account's state; a missing account has no balance field.
local state = redis.call('HMGET', account, 'balance', 'updated')
local exists = state[1] ~= false
if string.sub(amount, 1, 1) == '-' then
  local balance = exists and state[1] or '0'
  if not digits_le(magnitude, balance) then
    return {'INSUFFICIENT'}
  end
end

-- Redis adds 64-bit integers exactly and refuses to overflow; undo the balance if a total overflows.
local added = redis.pcall('HINCRBY', account, 'balance', amount)
if type(added) == 'table' and added.err then
  return {'OVERFLOW'}
end
local total_field = nil
local total_delta = nil
if entry_type == 'PURCHASE' then
  total_field, total_delta = 'purchased', amount
elseif entry_type == 'DEDUCTION' then
  total_field, total_delta = 'used', magnitude
end
if total_field then
  local total = redis.pcall('HINCRBY', account, total_field, total_delta)
  if type(total) == 'table' and total.err then
    redis.call('HINCRBY', account, 'balance', negated)
    return {'OVERFLOW'}
  end
end

if not exists then
  redis.call('HSETNX', account, 'purchased', '0')
  redis.call('HSETNX', account, 'used', '0')
  redis.call('HSET', account, 'created', now, 'updated', now)
  redis.call('ZADD', KEYS[5], 0, ARGV[2])
elseif not digits_le(now, state[2]) then
  redis.call('HSET', account, 'updated', now)
end

-- Integer replies reach Lua as doubles: exact below 2^53, which every sequence is (LedgerEntry.MAX_SEQUENCE);
-- a balance beyond that is read back as the exact text Redis keeps.
local sequence = string.format('%.0f', redis.call('HINCRBY', account, 'seq', 1))
local balance_after
if added > -9007199254740992 and added < 9007199254740992 then
  balance_after = string.format('%.0f', added)
else
  balance_after = redis.call('HGET', account, 'balance')
end
redis.call('HSET', ledger, sequence, '{"sequence":' .. sequence .. ',"balanceAfter":' .. balance_after .. ','
    .. string.sub(body, 2))
if key ~= '' then
  redis.call('HSET', idem, key, sequence)
end
return {'POSTED', sequence, balance_after}
