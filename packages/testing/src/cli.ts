#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startMockAgnes } from './server.ts';
import type { MockStep } from './types.ts';

const usage = `agnes-mock: a mock Agnes API server

Options:
  --port N         port to listen on (default 4010)
  --host ADDR      address to listen on (default 127.0.0.1)
  --rpm N          requests per window before 429 (default: no limit)
  --window MS      RPM window in ms (default 60000)
  --retry-after    send Retry-After with 429s (the real provider does not)
  --locale en|zh   language of provider messages (default en)
  --no-auth        accept requests without a valid Bearer key
  --script FILE    JSON file: { "POST /v1/chat/completions": [{ "status": 503 }, "ok"] }
  --help           show this text`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    rpm: { type: 'string' },
    window: { type: 'string' },
    'retry-after': { type: 'boolean', default: false },
    locale: { type: 'string', default: 'en' },
    'no-auth': { type: 'boolean', default: false },
    script: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(usage);
  process.exit(0);
}

const script = values.script
  ? (JSON.parse(readFileSync(values.script, 'utf8')) as Record<string, MockStep[]>)
  : undefined;
const mock = await startMockAgnes({
  port: Number(values.port),
  host: values.host,
  ...(values.rpm !== undefined && { rpm: Number(values.rpm) }),
  ...(values.window !== undefined && { rpmWindowMs: Number(values.window) }),
  rateLimitRetryAfter: values['retry-after'],
  locale: values.locale === 'zh' ? 'zh' : 'en',
  ...(values['no-auth'] && { auth: false as const }),
  ...(script && { script }),
});
console.log(`Agnes mock listening: base URL ${mock.baseURL}`);
const stop = (): void => {
  mock.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
