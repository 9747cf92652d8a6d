-- Deletes an account with its ledger, its idempotency keys and its index entry, all or nothing.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the account (hash), KEYS[3] its ledger (hash: sequence -> entry JSON), KEYS[4] its
-- idempotency keys (hash), KEYS[5] the tenant's account ids (sorted set). ARGV[2] the account id.
-- Replies {'1' if the account existed else '0', the number of ledger entries removed}.
local existed = redis.call('EXISTS', KEYS[2])
local entries = redis.call('HLEN', KEYS[3])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('ZREM', KEYS[5], ARGV[2])
return {tostring(existed), tostring(entries)}
