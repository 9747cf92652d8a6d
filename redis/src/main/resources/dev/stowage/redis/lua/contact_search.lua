-- The contacts that the index sets name, with their records, atomically: the ones in every set of
-- the first group (search words and tags that must all be carried) and in at least one set of the
-- second (tags of which one must be). Reads only those contacts, never the rest of the tenant.
-- KEYS[1] the tenant's contact ids, KEYS[2] the marker that its word index is complete,
-- KEYS[3..2 + a] the first group, KEYS[3 + a..] the second.
-- ARGV[1] = a; ARGV[2] = the record key prefix; ARGV[3] = '1' if the first group holds word sets;
-- ARGV[4] = the most contacts to read ('' for no limit).
-- Replies {'OK', record...}; {'LARGE'} if the sets may name more contacts than that (the smallest
-- set of the first group, or the second group's sizes summed, is larger): the caller then walks
-- its order filtered by the sets instead; or {'UNINDEXED'} if word sets are asked for but the
-- tenant's word index is not complete yet (a keyspace written before it existed: see RedisSearchIndex).
local a = tonumber(ARGV[1])
if ARGV[3] == '1' and redis.call('EXISTS', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[1]) > 0 then
  return {'UNINDEXED'}
end
if ARGV[4] ~= '' then
  local bound = nil
  if a > 0 then
    for i = 1, a do
      local size = redis.call('SCARD', KEYS[2 + i])
      if bound == nil or size < bound then
        bound = size
      end
    end
  else
    bound = 0
    for k = 3, #KEYS do
      bound = bound + redis.call('SCARD', KEYS[k])
    end
  end
  if bound > tonumber(ARGV[4]) then
    return {'LARGE'}
  end
end
local ids
if a > 0 then
  local all = {}
  for i = 1, a do
    all[i] = KEYS[2 + i]
  end
  ids = redis.call('SINTER', unpack(all))
  if #KEYS > 2 + a then
    local kept = {}
    for _, id in ipairs(ids) do
      for k = 3 + a, #KEYS do
        if redis.call('SISMEMBER', KEYS[k], id) == 1 then
          kept[#kept + 1] = id
          break
        end
      end
    end
    ids = kept
  end
else
  local any = {}
  for k = 3, #KEYS do
    any[#any + 1] = KEYS[k]
  end
  ids = redis.call('SUNION', unpack(any))
end
local reply = {'OK'}
for _, id in ipairs(ids) do
  local record = redis.call('GET', ARGV[2] .. id)
  if record then
    reply[#reply + 1] = record
  end
end
return reply
