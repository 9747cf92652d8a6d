-- Marks a tenant's word index complete once every contact was added to it, if it still has contacts.
-- KEYS[1], ARGV[1]: the operation key and its lifetime (see Script).
-- KEYS[2] the tenant's contact ids, KEYS[3] the marker. Replies {'1'} if set, {'0'} otherwise.
if redis.call('ZCARD', KEYS[2]) == 0 then
  return {'0'}
end
redis.call('SET', KEYS[3], '1')
return {'1'}
