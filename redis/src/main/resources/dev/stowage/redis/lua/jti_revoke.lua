-- Denies an access token until a time; a later time wins over an earlier one.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the denial (string: its end time), KEYS[3] the tenant's denials by end time ('<time> <jti>').
-- ARGV[2] jti, ARGV[3] the end time, ARGV[4] the remaining lifetime in ms. Replies {'OK'} or {'KEPT'}.
if deny(KEYS[2], KEYS[3], ARGV[2], ARGV[3], ARGV[4]) then
  return {'OK'}
end
return {'KEPT'}
