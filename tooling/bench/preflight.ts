import { agnesFetch } from '@agnes-errors/core';
import { AgnesController, type PreflightRequest } from '@agnes-errors/core/adapter-kit';
import { benchKey } from './contenders.ts';
import { fixed, table } from './stats.ts';

const url = 'http://agnes.bench.invalid/v1/chat/completions';
const headers = { authorization: `Bearer ${benchKey}`, 'content-type': 'application/json' };
const typical = JSON.stringify({
  model: 'agnes-2.5-flash',
  messages: [
    { role: 'system', content: 'You are a helpful assistant.' },
    { role: 'user', content: 'Summarise the plot of Hamlet in three sentences.' },
  ],
  temperature: 0.7,
  max_tokens: 1024,
});
const megabyte = JSON.stringify({
  model: 'agnes-2.5-flash',
  messages: [{ role: 'user', content: 'word '.repeat(200 * 1024) }],
});
/** A 1 MB body that is mostly one base64 image: the data-URL scan reads it all. */
const megabyteImage = JSON.stringify({
  model: 'agnes-2.5-flash',
  messages: [
    {
      role: 'user',
      content: [
        {
          type: 'image_url',
          image_url: { url: `data:image/png;base64,iVBORw0KGgo${'A'.repeat(1024 * 1024)}` },
        },
      ],
    },
  ],
});

/** µs per preflight check: the best of `rounds` batches of `calls` checks each (the machine's noise only adds). */
function perCall(request: () => PreflightRequest, calls: number, rounds = 15): number {
  const call = new AgnesController().begin();
  const batches: number[] = [];
  for (let round = 0; round < rounds + 2; round += 1) {
    const started = performance.now();
    for (let index = 0; index < calls; index += 1) call.preflight(request());
    if (round >= 2) batches.push(((performance.now() - started) * 1000) / calls);
  }
  return Math.min(...batches);
}

/** µs per agnesFetch call on a transport that answers at once, preflight on and off (best of 15 batches). */
async function fetchCost(preflight: 'refuse' | 'off', body: string, calls: number): Promise<number> {
  const fakeFetch: typeof fetch = async () => new Response('{}', { status: 200 });
  const agnes = agnesFetch({ fetch: fakeFetch, preflight });
  const batches: number[] = [];
  for (let round = 0; round < 17; round += 1) {
    const started = performance.now();
    for (let index = 0; index < calls; index += 1) await agnes(url, { method: 'POST', headers, body });
    if (round >= 2) batches.push(((performance.now() - started) * 1000) / calls);
  }
  return Math.min(...batches);
}

/** What preflight adds to a call: the check alone, and agnesFetch with it on and off. */
export async function preflightCost(progress: (text: string) => void): Promise<string> {
  progress('preflight cost');
  // One stream for every check: preflight never reads it, so it stays unread.
  const streamBody = new ReadableStream({ start: (controller) => controller.close() });
  const stream = () => ({ method: 'POST', url, headers, body: streamBody });
  const rows: [string, number, number, number][] = [];
  for (const [name, body, calls] of [
    ['typical chat request (0.3 kB)', typical, 5000],
    ['1 MB chat request (text)', megabyte, 20],
    ['1 MB chat request (a base64 image)', megabyteImage, 20],
  ] as const) {
    const check = perCall(() => ({ method: 'POST', url, headers, body }), calls);
    rows.push([name, check, await fetchCost('off', body, calls), await fetchCost('refuse', body, calls)]);
  }
  rows.push(['streamed body (never read)', perCall(stream, 5000), Number.NaN, Number.NaN]);
  return [
    '### Preflight: µs per call, the check alone and `agnesFetch` with it off and on (best of 15 batches; target: under 10 µs for a typical request)',
    '',
    table(
      ['request', 'the check µs', 'agnesFetch, preflight off µs', 'agnesFetch, preflight on µs'],
      rows.map(([name, check, off, on]) => [name, fixed(check, 2), fixed(off, 1), fixed(on, 1)]),
    ),
  ].join('\n');
}
