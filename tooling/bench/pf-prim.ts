import { agnesFetch } from '@agnes-errors/core';
import { AgnesController } from '@agnes-errors/core/adapter-kit';

const fakeFetch: typeof fetch = async () => new Response('{}', { status: 200 });
const headers = { authorization: 'Bearer sk-bench000000000000000000000' };
const url = 'http://agnes.bench.invalid/v1/models';
async function t(name: string, f: () => unknown, n = 20000) {
  for (let i = 0; i < n; i++) await f();
  const s = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(name, (((performance.now() - s) * 1000) / n).toFixed(2), 'µs');
}
const on = agnesFetch({ fetch: fakeFetch });
const off = agnesFetch({ fetch: fakeFetch, preflight: 'off' });
for (let k = 0; k < 3; k++) {
  await t('fetch on ', () => on(url, { headers }).then((r) => r.text()));
  await t('fetch off', () => off(url, { headers }).then((r) => r.text()));
  const call = new AgnesController().begin();
  await t('check    ', () => call.preflight({ method: 'GET', url, headers }));
}
