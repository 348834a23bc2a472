import { type AgnesFetchOptions, agnesFetch, formatAgnesMessage, getAgnesInfo } from '@agnes-errors/core';
import { AgnesController, diagnosingFetch } from '@agnes-errors/core/adapter-kit';
import { zh } from '@agnes-errors/core/zh';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

const key = 'sk-modellisttest0123456789';
let mock: MockAgnes;
afterEach(async () => {
  await mock?.close();
});

// The mock server listens on 127.0.0.1: an Agnes host for these tests (see the `hosts` option).
const fast: AgnesFetchOptions = { baseDelayMs: 5, maxDelayMs: 20, hosts: ['127.0.0.1'] };
const chat = (fetcher: typeof fetch, model: string, apiKey = key) =>
  fetcher(`${mock.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hi' }] }),
  });
const listRequests = () => mock.requestsTo('GET /v1/models');

describe('the model list after an unknown-model failure', () => {
  it('names the closest model ("did you mean ...?") from one GET /v1/models sent with the same key', async () => {
    mock = await startMockAgnes();
    const response = await chat(agnesFetch(fast), 'agnes-2.5-flsh');
    expect(response.status).toBe(503);
    const info = getAgnesInfo(response);
    expect(info?.reason).toBe('model_not_found');
    expect(info?.suggestedModels?.[0]).toBe('agnes-2.5-flash');
    expect(formatAgnesMessage(info!)).toContain('did you mean agnes-2.5-flash');
    expect(formatAgnesMessage(info!)).not.toContain('?.');
    expect(listRequests()).toHaveLength(1);
    expect(listRequests()[0]?.headers.authorization).toBe('Bearer sk-[redacted]');
    expect(mock.requestsTo('POST /v1/chat/completions')).toHaveLength(1);
    expect(JSON.stringify(info)).not.toContain(key);
  });

  it('suggests only models the key can use', async () => {
    mock = await startMockAgnes({ modelsByKey: { [key]: ['agnes-2.5-pro', 'agnes-3.0-flash'] } });
    const info = getAgnesInfo(await chat(agnesFetch(fast), 'agnes-2.5-flash-x'));
    // agnes-2.5-flash is closer, but this key cannot use it.
    expect(info?.suggestedModels).toEqual(['agnes-3.0-flash', 'agnes-2.5-pro']);
  });

  it('sends one list request for concurrent failures and none more within the cache period', async () => {
    mock = await startMockAgnes();
    let now = 1_000_000;
    const fetcher = agnesFetch({ ...fast, now: () => now, modelList: { ttlMs: 60_000 } });
    const responses = await Promise.all(Array.from({ length: 5 }, () => chat(fetcher, 'agnes-2.5-flsh')));
    for (const response of responses)
      expect(getAgnesInfo(response)?.suggestedModels?.[0]).toBe('agnes-2.5-flash');
    expect(listRequests()).toHaveLength(1);
    now += 59_000;
    await chat(fetcher, 'agnes-3.0-flsh');
    expect(listRequests()).toHaveLength(1);
    now += 2_000;
    expect(getAgnesInfo(await chat(fetcher, 'agnes-3.0-flsh'))?.suggestedModels?.[0]).toBe('agnes-3.0-flash');
    expect(listRequests()).toHaveLength(2);
  });

  it('keeps one list per key: another key asks again', async () => {
    mock = await startMockAgnes();
    const fetcher = agnesFetch(fast);
    await chat(fetcher, 'agnes-2.5-flsh');
    await chat(fetcher, 'agnes-2.5-flsh', 'sk-anotherkey0123456789');
    expect(listRequests()).toHaveLength(2);
  });

  it('is off with modelList: false', async () => {
    mock = await startMockAgnes();
    const info = getAgnesInfo(await chat(agnesFetch({ ...fast, modelList: false }), 'agnes-2.5-flsh'));
    expect(info?.reason).toBe('model_not_found');
    expect(info?.suggestedModels).toBeUndefined();
    expect(listRequests()).toHaveLength(0);
  });

  it('writes the suggestion in Chinese for a 404 in the zh locale', async () => {
    mock = await startMockAgnes({ unknownModelStatus: 404, locale: 'zh' });
    const response = await chat(agnesFetch({ ...fast, locale: zh }), 'agnes-2.5-flsh');
    expect(response.status).toBe(404);
    expect(formatAgnesMessage(getAgnesInfo(response)!)).toContain('您是否想用 agnes-2.5-flash');
  });

  it('answers with the plain diagnosis when the list itself fails, and does not ask again at once', async () => {
    mock = await startMockAgnes({ script: { 'GET /v1/models': [{ status: 500 }, { status: 500 }] } });
    const fetcher = agnesFetch({ ...fast, maxRetries: 1 });
    const info = getAgnesInfo(await chat(fetcher, 'agnes-2.5-flsh'));
    expect(info?.reason).toBe('model_not_found');
    expect(info?.suggestedModels).toBeUndefined();
    await chat(fetcher, 'agnes-2.5-flsh');
    expect(listRequests()).toHaveLength(2);
  });

  it('with fallback models: no list while another model follows, one for the failure the caller gets', async () => {
    mock = await startMockAgnes();
    const withFallbacks = (fallbackModels: string[]) =>
      diagnosingFetch({ controller: new AgnesController(fast), fallbackModels });
    const recovered = await chat(withFallbacks(['agnes-2.5-pro']), 'agnes-x-1');
    expect(recovered.status).toBe(200);
    expect(listRequests()).toHaveLength(0);
    const failed = await chat(withFallbacks(['agnes-2.5-flsh', 'agnes-3.0-flsh']), 'agnes-2.5-prox');
    expect(mock.requestsTo('POST /v1/chat/completions')).toHaveLength(5);
    expect(listRequests()).toHaveLength(1);
    expect(getAgnesInfo(failed)?.suggestedModels?.[0]).toBe('agnes-3.0-flash');
  });

  it('sends no list request for other failures', async () => {
    mock = await startMockAgnes({ script: { 'POST /v1/chat/completions': [{ status: 400 }] } });
    await chat(agnesFetch(fast), 'agnes-2.5-flash');
    expect(listRequests()).toHaveLength(0);
  });

  it('rejects a modelList that makes no sense', () => {
    expect(() => agnesFetch({ modelList: { ttlMs: -1 } })).toThrow(/modelList/);
    expect(() => agnesFetch({ modelList: 'yes' as never })).toThrow(/modelList/);
  });
});
