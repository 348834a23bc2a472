import { createServer } from 'node:http';
import { attachAgnes } from '@agnes-errors/axios';
import { agnesFetch } from '@agnes-errors/core';
import { agnesGot } from '@agnes-errors/got';
import { agnesKy } from '@agnes-errors/ky';
import { withAgnes } from '@agnes-errors/openai';
import axios, { type AxiosAdapter } from 'axios';
import got from 'got';
import ky from 'ky';
import OpenAI from 'openai';
import { benchKey } from './contenders.ts';
import { fixed, table } from './stats.ts';

const body = '{"object":"list","data":[]}';
const baseURL = 'http://agnes.bench.invalid/v1';
const fakeFetch: typeof fetch = async () =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const fakeAdapter: AxiosAdapter = async (config) => ({
  data: body,
  status: 200,
  statusText: 'OK',
  headers: {},
  config,
  request: {},
});

type Call = () => Promise<unknown>;

/** Bare and wrapped calls per client, with a transport that answers at once: only client code is timed. */
async function pairs(): Promise<{ pairs: [string, Call, Call][]; close: () => void }> {
  // Every client sends the key, as real calls do (without one, preflight would refuse the call).
  const headers = { authorization: `Bearer ${benchKey}` };
  const bareAxios = axios.create({ baseURL, adapter: fakeAdapter, headers });
  const oursAxios = axios.create({ baseURL, adapter: fakeAdapter, headers });
  attachAgnes(oursAxios);
  const bareKy = ky.create({ prefix: baseURL, headers, fetch: fakeFetch });
  const oursKy = ky.create({ prefix: baseURL, headers, ...agnesKy({ fetch: fakeFetch }) });
  // The same option shapes with functions that do nothing: what ky itself spends on any such setup.
  const shapedKy = ky.create({
    prefix: baseURL,
    headers,
    retry: {
      limit: 4,
      methods: ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'],
      delay: () => 0,
      shouldRetry: async () => false,
    },
    hooks: { beforeRequest: [async () => {}], beforeRetry: [async () => {}] },
    fetch: (input, init) => fakeFetch(input, init),
  });
  const bareSdk = new OpenAI({ baseURL, apiKey: benchKey, fetch: fakeFetch });
  const oursSdk = withAgnes(new OpenAI({ baseURL, apiKey: benchKey, fetch: fakeFetch }));
  const oursFetch = agnesFetch({ fetch: fakeFetch, baseURL });
  // got has no fetch or adapter to fake: it gets a server in this process, whose work is in both columns.
  const server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const bareGot = got.extend({ prefixUrl: `http://127.0.0.1:${port}/v1`, headers });
  const oursGot = got.extend({ prefixUrl: `http://127.0.0.1:${port}/v1`, headers }, agnesGot());
  const list: [string, Call, Call][] = [
    ['axios', () => bareAxios.get('/models'), () => oursAxios.get('/models')],
    ['ky', () => bareKy.get('models').text(), () => oursKy.get('models').text()],
    [
      'ky: same option shapes, no-op functions (control)',
      () => bareKy.get('models').text(),
      () => shapedKy.get('models').text(),
    ],
    ['openai', () => bareSdk.models.list(), () => oursSdk.models.list()],
    [
      'fetch',
      () => fakeFetch(`${baseURL}/models`, { headers }).then((r) => r.text()),
      () => oursFetch(`${baseURL}/models`, { headers }).then((r) => r.text()),
    ],
    ['got (in-process loopback server)', () => bareGot('models').text(), () => oursGot('models').text()],
  ];
  return { pairs: list, close: () => server.close() };
}

async function timePerCall(call: Call, count: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < count; index += 1) await call();
  return ((performance.now() - started) * 1000) / count;
}

/** Client-side cost per successful call, bare vs with Agnes, without any network (got: loopback in this process). */
export async function transportFree(
  progress: (text: string) => void,
  rounds = 15,
  perRound = 2000,
): Promise<string> {
  const rows: (string | number)[][] = [];
  const { pairs: list, close } = await pairs();
  for (const [name, bare, wrapped] of list) {
    progress(`Transport-free overhead: ${name}`);
    await timePerCall(bare, 2000);
    await timePerCall(wrapped, 2000);
    const bareTimes: number[] = [];
    const oursTimes: number[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const order: [number[], Call][] =
        round % 2 === 0
          ? [
              [bareTimes, bare],
              [oursTimes, wrapped],
            ]
          : [
              [oursTimes, wrapped],
              [bareTimes, bare],
            ];
      for (const [times, call] of order) times.push(await timePerCall(call, perRound));
    }
    const bareBest = Math.min(...bareTimes);
    const oursBest = Math.min(...oursTimes);
    rows.push([name, fixed(bareBest, 1), fixed(oursBest, 1), fixed(oursBest - bareBest, 1)]);
  }
  close();
  return [
    `### Client-side cost of a successful call, transport answering at once (best of ${rounds} interleaved rounds of ${perRound})`,
    '',
    'Only the client code runs here, so this is the added work per call. A real Agnes call takes hundreds of milliseconds.',
    '',
    table(['client', 'bare µs/call', 'with Agnes µs/call', 'added µs/call'], rows),
  ].join('\n');
}
