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

-- Whether a family still has a token that is unexpired at now (a time).
local function family_live(family, now)
  local expires = redis.call('HGET', family, 'expires')
  return expires ~= false and not digits_le(expires, now)
end
