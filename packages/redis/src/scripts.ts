/**
 * Lua scripts: each runs atomically in Redis, on Redis's own clock (TIME), so processes and
 * machines with skewed clocks share one window and one pause.
 */
const serverNow = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * KEYS: log (answered requests, scored by answer time), pause, flight (requests in flight, scored
 * by when they were sent). ARGV: rpm ('' for none), windowMs, member. Returns 0 (slot taken) or ms
 * to wait: an answered request leaves the window a window after its answer, one in flight no
 * earlier than a window from now and at the latest two windows after it was sent.
 */
export const acquireScript: string = `${serverNow}
local paused = tonumber(redis.call('GET', KEYS[2]) or '0')
if paused > now then return paused - now end
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 2 * window)
local count = redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[3])
local rpm = tonumber(ARGV[1])
if (not rpm) or count < rpm then
  redis.call('ZADD', KEYS[3], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[3], 2 * window)
  return 0
end
local needed = count - rpm + 1
local answered = redis.call('ZRANGE', KEYS[1], 0, needed - 1, 'WITHSCORES')
local flying = redis.call('ZRANGE', KEYS[3], 0, needed - 1, 'WITHSCORES')
local a, f, leaves = 2, 2, now
for _ = 1, needed do
  local byAnswer = answered[a] and (tonumber(answered[a]) + window) or math.huge
  local byFlight = math.huge
  if flying[f] then byFlight = math.min(now + window, tonumber(flying[f]) + 2 * window) end
  if byAnswer <= byFlight then leaves = byAnswer; a = a + 2 else leaves = byFlight; f = f + 2 end
end
local wait = leaves - now
if wait < 1 then wait = 1 end
return wait`;

/** KEYS: pause. ARGV: durationMs. A pause that ends later wins. */
export const pauseScript: string = `${serverNow}
local duration = tonumber(ARGV[1])
local untilMs = now + duration
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', duration) end
return 0`;

/** KEYS: log, flight. ARGV: member. Undoes an acquire that ran late (after the caller had fallen back). */
export const releaseScript: string = `redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 0`;

/**
 * KEYS: log, flight, ok. ARGV: member, windowMs, '1' when it succeeded. The request's answer
 * arrived: it moves from in flight to answered, counted from now (Redis's clock); a success is also
 * logged in ok (what a limit is learned from). One no longer in flight (two windows passed) is not
 * counted again.
 */
export const settleScript: string = `${serverNow}
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[3], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[2]))
end
local sent = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]))
if not sent then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
local stamp = now
if stamp < sent then stamp = sent end
redis.call('ZADD', KEYS[1], stamp, ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
return 0`;

/** KEYS: limit. The request limit learned for the key, or nil. */
export const learnedLimitScript: string = `return redis.call('GET', KEYS[1])`;

/** KEYS: limit. ARGV: rpm, ttlMs. Records the limit learned from the server. */
export const learnLimitScript: string = `return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])`;

/** KEYS: ok. ARGV: windowMs. How many requests were answered successfully in the window. */
export const answeredOkScript: string = `${serverNow}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
return redis.call('ZCARD', KEYS[1])`;

/**
 * KEYS: slots (concurrency slots, scored by when their lease ends). ARGV: limit, token, leaseMs.
 * Drops slots whose lease ran out (their process died), then takes one if fewer than `limit` are
 * held. Returns 1 when taken, else 0.
 */
export const acquireConcurrencyScript: string = `${serverNow}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local lease = tonumber(ARGV[3])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + lease, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], 2 * lease)
  return 1
end
return 0`;

/** KEYS: slots. ARGV: token, leaseMs. Extends the lease of a slot still held (never re-adds a lapsed one). */
export const renewConcurrencyScript: string = `${serverNow}
local lease = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], 'XX', now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[1], 2 * lease)
return 1`;

/** KEYS: slots. ARGV: token. Frees a slot. */
export const releaseConcurrencyScript: string = `redis.call('ZREM', KEYS[1], ARGV[1])
return 1`;
