import type { AgnesReason } from '@agnes-errors/core';
import { type ClientName, type DemoRequest, demoClient } from './clients.ts';
import { bold, cyan, dim, green, red, wrap } from './output.ts';

interface LiveCall {
  readonly client: ClientName;
  readonly what: string;
  readonly request: DemoRequest;
  readonly baseSuffix?: string;
  /** `ok` for a success, or the reason a deliberate, free failure must be diagnosed as. */
  readonly expect: 'ok' | AgnesReason;
}

/** Only calls that cost nothing: listing models, and requests the provider rejects before any work. */
const calls: readonly LiveCall[] = [
  {
    client: 'fetch',
    what: 'GET /models (lists models, free)',
    request: { method: 'GET', path: '/models' },
    expect: 'ok',
  },
  {
    client: 'axios',
    what: 'GET /models (lists models, free)',
    request: { method: 'GET', path: '/models' },
    expect: 'ok',
  },
  {
    client: 'ky',
    what: 'POST /chat/completions with max_tokens 100000 (rejected before any generation)',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: { model: 'agnes-2.5-flash', max_tokens: 100000, messages: [{ role: 'user', content: 'hi' }] },
    },
    expect: 'max_tokens_too_large',
  },
  {
    client: 'got',
    what: 'GET /v1/v1/models (a wrong URL, rejected)',
    request: { method: 'GET', path: '/models' },
    baseSuffix: '/v1',
    expect: 'duplicated_v1',
  },
  {
    client: 'openai',
    what: 'POST /chat/completions with n: 2 (rejected before any generation)',
    request: {
      method: 'POST',
      path: '/chat/completions',
      body: { model: 'agnes-2.5-flash', n: 2, messages: [{ role: 'user', content: 'hi' }] },
    },
    expect: 'n_must_be_1',
  },
];

/** The tour against a real Agnes endpoint. Returns the number of unexpected outcomes. */
export async function runLive(width: number): Promise<number> {
  const apiKey = process.env.AGNES_API_KEY?.trim();
  const baseURL = (process.env.AGNES_BASE_URL ?? 'https://apihub.agnes-ai.com/v1').replace(/\/$/, '');
  if (!apiKey) {
    console.error(red('Live mode needs AGNES_API_KEY (and optionally AGNES_BASE_URL). Nothing was called.'));
    return 1;
  }
  console.log(bold(`Live mode: ${calls.length} cheap calls to ${baseURL}, one per client:`));
  for (const call of calls) console.log(`  ${cyan(call.client.padEnd(7))} ${call.what}`);
  console.log(dim('Nothing that generates text, images or video is requested.\n'));
  let failures = 0;
  for (const call of calls) {
    const send = demoClient(call.client, {
      baseURL: `${baseURL}${call.baseSuffix ?? ''}`,
      apiKey,
      options: { maxRetries: 1 },
    });
    const outcome = await send(call.request);
    const ok = call.expect === 'ok' ? outcome.ok : !outcome.ok && outcome.info?.reason === call.expect;
    if (!ok) failures += 1;
    console.log(`${ok ? green('✔') : red('✘')}  ${cyan(call.client.padEnd(7))} ${call.what}`);
    console.log(dim(wrap(`caller got: ${outcome.message}`, width - 6, '     ')));
    if (!ok) console.log(red(`     expected ${call.expect === 'ok' ? 'a success' : call.expect}`));
  }
  return failures;
}
