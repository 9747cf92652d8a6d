-- Shared helpers, prepended to every script.

-- Whether a <= b for two non-negative integers written in decimal without leading zeros.
-- Exact for any size, unlike Lua numbers (doubles), which lose digits above 2^53.
local function digits_le(a, b)
  if #a ~= #b then
    return #a < #b
  end
  for i = 1, #a do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      return x < y
    end
  end
  return true
end

-- The id at the end of an index member ("...<36-character uuid>").
local function id_of(member)
  return string.sub(member, -36)
end

-- Gives a key that indexes expiring items a lifetime at least as long as the item just added:
-- ms is that item's remaining lifetime in milliseconds, or '' if it never expires (then the key
-- must not expire either). 'created' tells whether the key did not exist before the item was
-- added; an existing key without a lifetime holds a never-expiring item and keeps none.
local function keep_alive(key, ms, created)
  if ms == '' then
    redis.call('PERSIST', key)
  elseif created then
    redis.call('PEXPIRE', key, ms)
  else
    redis.call('PEXPIRE', key, ms, 'GT')
  end
end

-- Records a token's expiry (a time) on its family: a family lives as long as its latest token.
local function extend_family(family, expires)
  local current = redis.call('HGET', family, 'expires')
  if not current or digits_le(current, expires) then
    redis.call('HSET', family, 'expires', expires)
  end
end

-- Denies an access token until a time (ms: its remaining lifetime); a later time wins over an
-- earlier one. denial is the string key, by_expiry the tenant's '<time> <jti>' order.
-- Returns whether it wrote, and the previous end time (false if there was none).
local function deny(denial, by_expiry, jti, time, ms)
  local old = redis.call('GET', denial)
  if old and digits_le(time, old) then
    return false, old
  end
  redis.call('SET', denial, time, 'PX', ms)
  if old then
    redis.call('ZREM', by_expiry, old .. ' ' .. jti)
  end
  local created = redis.call('EXISTS', by_expiry) == 0
  redis.call('ZADD', by_expiry, 0, time .. ' ' .. jti)
  keep_alive(by_expiry, ms, created)
  return true, old
end

-- Adds a token (its hash and expiry time, ms its remaining lifetime) to its family's bookkeeping:
-- the live count, the 't:<hash>' field that lists the family's tokens, the family's latest expiry,
-- and the family's lifetime. 'fresh' tells whether the family key was just created.
local function add_to_family(family, hash, expires, ms, fresh)
  redis.call('HINCRBY', family, 'live', 1)
  redis.call('HSET', family, 't:' .. hash, expires)
  extend_family(family, expires)
  keep_alive(family, ms, fresh)
end

-- Adds a member to an index key that must live at least ms longer (see keep_alive).
local function index_add(key, member, ms, sorted)
  local created = redis.call('EXISTS', key) == 0
  if sorted then
    redis.call('ZADD', key, 0, member)
  else
    redis.call('SADD', key, member)
  end
  keep_alive(key, ms, created)
end

-- Whether a family still has a token that is unexpired at now (a time).
local function family_live(family, now)
  local expires = redis.call('HGET', family, 'expires')
  return expires ~= false and not digits_le(expires, now)
end
