import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

let mock: MockAgnes;
afterEach(async () => {
  await mock?.close();
});

const models = async (key: string): Promise<{ status: number; ids: string[]; headers: Headers }> => {
  const response = await fetch(`${mock.baseURL}/models`, { headers: { authorization: `Bearer ${key}` } });
  const json = (await response.json()) as { data?: { id: string }[] };
  return {
    status: response.status,
    ids: (json.data ?? []).map((model) => model.id),
    headers: response.headers,
  };
};

describe('keys and model lists', () => {
  it('lists, per key, only the models that key may use; other keys see every model', async () => {
    mock = await startMockAgnes({ modelsByKey: { 'sk-narrowkey000000000': ['agnes-2.5-flash'] } });
    expect((await models('sk-narrowkey000000000')).ids).toEqual(['agnes-2.5-flash']);
    const wide = await models('sk-widekey0000000000000');
    expect(wide.ids).toContain('agnes-3.0-flash');
    expect(wide.ids.length).toBeGreaterThan(5);
  });

  it('refuses a key named in refusedKeys with 401, and accepts the others', async () => {
    mock = await startMockAgnes({ refusedKeys: ['sk-revoked0000000000'] });
    const refused = await models('sk-revoked0000000000');
    expect(refused.status).toBe(401);
    expect((await models('sk-goodkey00000000000')).status).toBe(200);
    expect(mock.requests.map((request) => request.status)).toEqual([401, 200]);
  });

  it('sends rate-limit headers from the rpm window when asked', async () => {
    mock = await startMockAgnes({ rpm: 5, rpmWindowMs: 60_000, limitHeaders: true });
    const first = await models('sk-goodkey00000000000');
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('5');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('4');
    expect(first.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+s$/);
  });

  it('sends no rate-limit headers by default', async () => {
    mock = await startMockAgnes({ rpm: 5 });
    expect((await models('sk-goodkey00000000000')).headers.get('x-ratelimit-limit-requests')).toBeNull();
  });
});
