-- Adds contacts to the word index of a keyspace written before it existed, each only if its
-- record is still the one the caller read and computed the words from.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- ARGV[2] = n, the number of contacts. For contact r = 1..n: KEYS[1 + r] its record key and
-- ARGV[3r], ARGV[3r + 1], ARGV[3r + 2] = the record as read, its id, w its number of words.
-- Then the word set keys, w for each contact in order: KEYS[2 + n ..].
-- Replies {'OK', r...}: the contacts whose record changed meanwhile (reread and redo them).
local n = tonumber(ARGV[2])
local at = 2 + n
local changed = {'OK'}
for r = 1, n do
  local expected, id, w = ARGV[3 * r], ARGV[3 * r + 1], tonumber(ARGV[3 * r + 2])
  if redis.call('GET', KEYS[1 + r]) == expected then
    for k = at, at + w - 1 do
      redis.call('SADD', KEYS[k], id)
    end
  else
    changed[#changed + 1] = tostring(r)
  end
  at = at + w
end
return changed
