-- Reads refresh-token families in family id order with their unexpired tokens, in one step.
-- KEYS[1] the tenant's family ids (sorted set, lexicographic).
-- ARGV[1] the ZRANGEBYLEX start ('-' or '(<family id>'), ARGV[2] how many ids to look at,
-- ARGV[3] now (time), ARGV[4] the tenant's key base.
-- Replies {ids looked at, last id looked at or '', then per live family: id, subject, created
-- ('' if unknown), revoked, number of tokens, then per token: hash, id, issued, expires, used}.
-- A family whose tokens have all expired, or that Redis already dropped, is left out.
local now, base = ARGV[3], ARGV[4]
local ids = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, tonumber(ARGV[2]))
local reply = {tostring(#ids), ids[#ids] or ''}
for _, family_id in ipairs(ids) do
  local fields = redis.call('HGETALL', base .. ':rt-family:' .. family_id)
  local family = {}
  local hashes = {}
  for i = 1, #fields, 2 do
    local name = fields[i]
    if string.sub(name, 1, 2) == 't:' then
      if not digits_le(fields[i + 1], now) then
        hashes[#hashes + 1] = string.sub(name, 3)
      end
    else
      family[name] = fields[i + 1]
    end
  end
  local tokens = {}
  for _, hash in ipairs(hashes) do
    local token = redis.call('HMGET', base .. ':rt:' .. hash, 'id', 'issued', 'expires', 'used')
    if token[1] and not digits_le(token[3], now) then
      tokens[#tokens + 1] = {hash, token[1], token[2], token[3], token[4]}
    end
  end
  if family.subject and #tokens > 0 then
    local at = #reply
    reply[at + 1], reply[at + 2], reply[at + 3] = family_id, family.subject, family.created or ''
    reply[at + 4], reply[at + 5] = family.revoked, tostring(#tokens)
    for _, token in ipairs(tokens) do
      for _, value in ipairs(token) do
        reply[#reply + 1] = value
      end
    end
  end
end
return reply
