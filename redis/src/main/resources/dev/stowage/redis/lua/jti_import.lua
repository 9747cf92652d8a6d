-- Imports access-token denials with the rule of jti_revoke (a later end time wins).
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the tenant's denials by end time ('<time> <jti>').
-- ARGV[2] now (time), ARGV[3] the tenant's key base, ARGV[4] n, then per denial: jti, end time,
-- remaining lifetime in ms. Every end time is after now.
-- Replies {inserted, updated}: a denial that was absent or had ended counts as inserted.
local now, base = ARGV[2], ARGV[3]
local inserted, updated = 0, 0
local at = 5
for i = 1, tonumber(ARGV[4]) do
  local jti, time, ms = ARGV[at], ARGV[at + 1], ARGV[at + 2]
  at = at + 3
  local wrote, old = deny(base .. ':jti:' .. jti, KEYS[2], jti, time, ms)
  if wrote then
    if not old or digits_le(old, now) then
      inserted = inserted + 1
    else
      updated = updated + 1
    end
  end
end
return {tostring(inserted), tostring(updated)}
