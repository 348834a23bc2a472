import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHeaderMap } from '../src/util/headers.ts';
import { parseRetryAfter, retryAfterFromHeaders } from '../src/util/retry-after.ts';

const now = Date.parse('2026-11-28T10:00:00Z');
const read = (headers: Record<string, string>, rateLimited = false) =>
  retryAfterFromHeaders(toHeaderMap(headers), now, rateLimited);

describe('server-requested waits', () => {
  it('reads Retry-After in seconds and as an HTTP-date', () => {
    expect(read({ 'retry-after': '1' })).toBe(1000);
    expect(read({ 'retry-after': '2.5' })).toBe(2500);
    expect(read({ 'retry-after': 'Sat, 28 Nov 2026 10:00:30 GMT' })).toBe(30_000);
    expect(read({ 'retry-after': 'Sat, 28 Nov 2026 09:00:00 GMT' })).toBe(0);
  });

  it('prefers retry-after-ms', () => {
    expect(read({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
  });

  it('reads IETF RateLimit headers of both drafts, only when nothing remains', () => {
    expect(read({ ratelimit: '"default";r=0;t=30' })).toBe(30_000);
    expect(read({ ratelimit: 'limit=10, remaining=0, reset=7' })).toBe(7000);
    expect(read({ ratelimit: '"default";r=5;t=30' })).toBeUndefined();
  });

  it('reads X-RateLimit-Reset as epoch seconds, epoch ms, delta or duration', () => {
    expect(read({ 'x-ratelimit-reset': String(now / 1000 + 20) }, true)).toBe(20_000);
    expect(read({ 'x-ratelimit-reset': String(now + 1500) }, true)).toBe(1500);
    expect(read({ 'x-ratelimit-reset': '12' }, true)).toBe(12_000);
    expect(read({ 'x-ratelimit-reset-requests': '6m0s', 'x-ratelimit-remaining-requests': '0' })).toBe(
      360_000,
    );
    expect(read({ 'x-ratelimit-reset': '12' })).toBeUndefined();
  });

  it('ignores nonsense values', () => {
    for (const value of ['-1', 'soon', '', '1e9999', 'NaN', '12abc', '   ']) {
      expect(read({ 'retry-after': value }), value).toBeUndefined();
    }
  });

  it('answers a finite non-negative number or undefined for any header value', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (retryAfter, rateLimit, reset) => {
        const result = read(
          { 'retry-after': retryAfter, ratelimit: rateLimit, 'x-ratelimit-reset': reset },
          true,
        );
        expect(result === undefined || (Number.isFinite(result) && result >= 0)).toBe(true);
        const parsed = parseRetryAfter(retryAfter, now);
        expect(parsed === undefined || (Number.isFinite(parsed) && parsed >= 0)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
