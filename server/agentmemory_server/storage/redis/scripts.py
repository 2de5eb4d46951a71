"""Lua scripts for the short-term store. Every script touches only keys of one agent, which share
a cluster slot through the `{agent_id}` hash tag, so each runs atomically on one node.

An entry is a hash: e = expiry (µs since the epoch, the port's clock), k = kind ('j' JSON text,
'i' integer counter), v = payload, n = a random write token for compare-and-set. The per-agent
index is a sorted set of keys scored by expiry (ms), so prefix listing and clearing never scan
the keyspace.
"""

# Shared tail: record the key in the index, and let the index live at least as long as its
# longest-lived entry (GT only ever lengthens its expiry; Redis 7.0 or newer). A key new to the
# index also drops the members whose entries Redis has expired: scores are the entries' PEXPIREAT
# times, so Redis's clock decides for both, and an agent writing ever-new keys no longer grows
# its index for as long as it keeps writing. Rewriting a known key, the common case, skips that.
_INDEX = """
if redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3]) == 1 then
  local clock = redis.call('TIME')
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (clock[1] * 1000 + math.floor(clock[2] / 1000)))
  redis.call('PEXPIREAT', KEYS[2], ARGV[2], 'NX')
end
redis.call('PEXPIREAT', KEYS[2], ARGV[2], 'GT')
"""

# KEYS: entry, index. ARGV: expire_us, expire_ms, member, kind, payload, token
PUT = (
    """
redis.call('HSET', KEYS[1], 'e', ARGV[1], 'k', ARGV[4], 'v', ARGV[5], 'n', ARGV[6])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
"""
    + _INDEX
)

# KEYS: entry, index. ARGV: expire_us, expire_ms, member, kind, payload, token, expected_token
# Returns 1 when written, 0 when the entry changed since it was read.
COMPARE_AND_SET = (
    """
local current = redis.call('HGET', KEYS[1], 'n')
if (current or '') ~= ARGV[7] then return 0 end
redis.call('HSET', KEYS[1], 'e', ARGV[1], 'k', ARGV[4], 'v', ARGV[5], 'n', ARGV[6])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
"""
    + _INDEX
    + "return 1\n"
)

# KEYS: entry, index. ARGV: expire_us, expire_ms, member, now_us, delta, token
# Returns {value, expire_us} as strings (Lua numbers are doubles; int64 must not pass through
# them), or {'wrongtype'} / {'overflow'}.
INCREMENT = (
    """
local h = redis.call('HMGET', KEYS[1], 'e', 'k', 'v')
if h[1] and tonumber(h[1]) > tonumber(ARGV[4]) then
  if h[2] == 'j' then
    local whole = string.match(h[3], '^(%-?%d+)%.0$') or string.match(h[3], '^(%-?%d+)$')
    if not whole then return {'wrongtype'} end
    redis.call('HSET', KEYS[1], 'k', 'i', 'v', whole)
  elseif h[2] ~= 'i' then
    return {'wrongtype'}
  end
  local result = redis.pcall('HINCRBY', KEYS[1], 'v', ARGV[5])
  if type(result) == 'table' and result.err then
    if h[2] == 'j' then redis.call('HSET', KEYS[1], 'k', 'j', 'v', h[3]) end
    if string.find(result.err, 'overflow') then return {'overflow'} end
    return {'wrongtype'}
  end
  redis.call('HSET', KEYS[1], 'n', ARGV[6])
  return {redis.call('HGET', KEYS[1], 'v'), h[1]}
end
redis.call('HSET', KEYS[1], 'e', ARGV[1], 'k', 'i', 'v', ARGV[5], 'n', ARGV[6])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
"""
    + _INDEX
    + "return {ARGV[5], ARGV[1]}\n"
)

# KEYS: index, entry1, entry2, ... ARGV: now_us, member1, member2, ...
# Deletes the entries, drops them from the index, returns how many were live.
DELETE_MANY = """
local live = 0
for i = 2, #KEYS do
  local e = redis.call('HGET', KEYS[i], 'e')
  if e and tonumber(e) > tonumber(ARGV[1]) then live = live + 1 end
  redis.call('DEL', KEYS[i])
  redis.call('ZREM', KEYS[1], ARGV[i])
end
return live
"""
