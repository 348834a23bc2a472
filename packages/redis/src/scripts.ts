/**
 * Lua scripts: each runs atomically in Redis, on Redis's own clock (TIME), so processes and
 * machines with skewed clocks share one window and one pause.
 */
const serverNow = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS: log, pause. ARGV: rpm ('' for none), windowMs, member. Returns 0 (slot taken) or ms to wait. */
export const acquireScript: string = `${serverNow}
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused - now end
local rpm = tonumber(ARGV[1])
if not rpm then return 0 end
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < rpm then
  -- Until its answer arrives (settle), a slot counts as if answered a window after it was taken.
  redis.call('ZADD', KEYS[1], now + window, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], count - rpm, count - rpm, 'WITHSCORES')
local wait = tonumber(oldest[2]) + window - now
if wait < 1 then wait = 1 end
return wait`;

/** KEYS: pause. ARGV: durationMs. A pause that ends later wins. */
export const pauseScript: string = `${serverNow}
local duration = tonumber(ARGV[1])
local untilMs = now + duration
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', duration) end
return 0`;

/** KEYS: log. ARGV: member. Undoes an acquire that ran late (after the caller had fallen back). */
export const releaseScript: string = `redis.call('ZREM', KEYS[1], ARGV[1])
return 0`;

/**
 * KEYS: log. ARGV: member, windowMs. The request's answer arrived: its slot counts from now (Redis's
 * clock) instead of a window after it was taken (its provisional score); a slot already expired
 * is gone (ZADD XX adds nothing).
 */
export const settleScript: string = `${serverNow}
local provisional = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]))
if not provisional then return 0 end
local window = tonumber(ARGV[2])
local stamp = now
if stamp < provisional - window then stamp = provisional - window end
redis.call('ZADD', KEYS[1], 'XX', stamp, ARGV[1])
return 0`;

/** KEYS: limit. The request limit learned for the key, or nil. */
export const learnedLimitScript: string = `return redis.call('GET', KEYS[1])`;

/** KEYS: limit. ARGV: rpm, ttlMs. Records the limit learned from the server. */
export const learnLimitScript: string = `return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`;
