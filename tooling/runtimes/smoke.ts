/**
 * The smoke checks every runtime runs against the mock server: classify and messages in English
 * and Chinese, agnesFetch (503 then 200, a 401, rpm pacing), ky and the OpenAI SDK with their
 * adapters. Bundled for each runtime from the published entry points; the host scripts the mock
 * server for the order of these calls (see `smokeScript`).
 */
import { agnesFetch, classify, formatAgnesMessage, getAgnesInfo } from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { agnesKy } from '@agnes-errors/ky';
import { withAgnes } from '@agnes-errors/openai';
import ky from 'ky';
import OpenAI from 'openai';

/** The key the mock server accepts, and one it refuses. */
export const goodKey = 'sk-runtimesmoke0123456789abc';
const badKey = 'sk-runtimesmokewrong000000000';

function check(condition: boolean, what: string): string {
  if (!condition) throw new Error(`smoke check failed: ${what}`);
  return what;
}

const chat = { model: 'agnes-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] };

/** Runs every check in order; resolves with their names, rejects with the first that failed. */
export async function smoke(baseURL: string): Promise<string[]> {
  const passed: string[] = [];
  const info = classify({
    status: 401,
    requestHeaders: {},
    url: `${baseURL}/chat/completions`,
    method: 'POST',
  });
  passed.push(check(formatAgnesMessage(info).startsWith('Agnes API 401 Unauthorized'), 'classify, English'));
  passed.push(
    check(formatAgnesMessage(info, { locale: zh }).startsWith('Agnes API 401 未授权'), 'classify, Chinese'),
  );

  let retries = 0;
  const fetcher = agnesFetch({ baseURL, baseDelayMs: 5, maxDelayMs: 10, onRetry: () => (retries += 1) });
  const post = (key: string) =>
    fetcher(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(chat),
    });
  const recovered = await post(goodKey);
  passed.push(check(recovered.status === 200 && retries === 1, 'agnesFetch: 503 then 200'));
  const refused = await post(badKey);
  passed.push(check(getAgnesInfo(refused)?.reason === 'invalid_api_key', 'agnesFetch: 401 diagnosed'));

  let waited = 0;
  const paced = agnesFetch({
    baseURL,
    rpm: 2,
    rpmWindowMs: 300,
    rpmMarginMs: 0,
    onWait: () => (waited += 1),
  });
  for (let call = 0; call < 3; call += 1) {
    const response = await paced(`${baseURL}/models`, { headers: { authorization: `Bearer ${goodKey}` } });
    await response.arrayBuffer();
  }
  passed.push(check(waited >= 1, 'agnesFetch: rpm pacing waits'));

  const api = ky.create({
    prefix: baseURL,
    headers: { authorization: `Bearer ${goodKey}` },
    ...agnesKy({ baseDelayMs: 5 }),
  } as never);
  const answer = (await api.post('chat/completions', { json: chat }).json()) as { object?: string };
  passed.push(check(answer.object === 'chat.completion', 'ky adapter: 503 then 200'));

  const client = withAgnes(new OpenAI({ baseURL, apiKey: badKey, dangerouslyAllowBrowser: true }), {
    baseDelayMs: 5,
  });
  const error = await client.chat.completions.create(chat).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  passed.push(
    check(
      error instanceof OpenAI.AuthenticationError && getAgnesInfo(error)?.status === 401,
      'OpenAI SDK: 401 diagnosed',
    ),
  );
  return passed;
}

/** How the host scripts the mock server for one run of `smoke`, in the order of its calls. */
export const smokeScript: Record<string, ({ status: number } | 'ok')[]> = {
  'POST /v1/chat/completions': [{ status: 503 }, 'ok', 'ok', { status: 503 }, 'ok', 'ok'],
};
