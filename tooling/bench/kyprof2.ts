import { agnesKy } from '@agnes-errors/ky';
import ky from 'ky';

const body = '{"object":"list","data":[]}';
const fakeFetch: typeof fetch = async () =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const k = process.env.BARE
  ? ky.create({ prefix: 'http://agnes.bench.invalid/v1', fetch: fakeFetch })
  : ky.create({ prefix: 'http://agnes.bench.invalid/v1', ...agnesKy({ fetch: fakeFetch }) });
const s = performance.now();
const c0 = process.cpuUsage();
for (let i = 0; i < 100000; i++) await k.get('models').text();
const c = process.cpuUsage(c0);
console.log(
  process.env.BARE ? 'bare' : 'ours',
  'cpu µs/call',
  ((c.user + c.system) / 100000).toFixed(1),
  'wall',
  ((performance.now() - s) * 10).toFixed(1),
);
