import { readFileSync } from 'node:fs';
import { explain } from '@agnes-errors/cli';
import { describe, expect, it } from 'vitest';
import { run } from './helpers.ts';

const fixture = (name: string): string => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const read = (name: string): string => readFileSync(fixture(name), 'utf8');

/** Every saved input, what it must be read as, and the diagnosis it must get. */
const cases: readonly [file: string, kind: string, status: number | undefined, reason: string][] = [
  ['json-invalid-key.json', 'json', 401, 'invalid_api_key'],
  ['json-quota.json', 'json', 402, 'insufficient_quota'],
  ['json-max-tokens-zh.json', 'json', 400, 'max_tokens_too_large'],
  ['curl-i-429.txt', 'curl', 429, 'rate_limited'],
  ['curl-i-proxy-524.txt', 'curl', 524, 'edge_timeout'],
  ['curl-v-duplicated-v1.txt', 'curl', 404, 'duplicated_v1'],
  ['sdk-openai-429.txt', 'text', 429, 'rate_limited'],
  ['sdk-axios-401.txt', 'text', 401, 'invalid_api_key'],
  ['sdk-ky-503.txt', 'text', 503, 'service_unavailable'],
  ['sdk-got-402.txt', 'text', 402, 'insufficient_quota'],
  ['sdk-ai-sdk-404.txt', 'text', 503, 'model_not_found'],
  ['sdk-fetch-dns.txt', 'text', undefined, 'dns_failure'],
];

describe('agnes-errors explain on saved inputs', () => {
  for (const [file, kind, status, reason] of cases) {
    it(`${file}: read as ${kind}, diagnosed ${status ?? 'without a response'} ${reason}`, async () => {
      const result = explain(read(file));
      expect(result.kind).toBe(kind);
      expect(result.info?.status).toBe(status);
      expect(result.info?.reason).toBe(reason);
      expect(result.statusKnown).toBe(true);
      const cli = await run(['explain', fixture(file)]);
      expect(cli.code).toBe(0);
      expect(cli.stdout).toContain(`Reason: ${reason}`);
      expect(cli.stdout).toContain(result.message);
    });
  }

  it('keeps the request id and the provider message, and never prints the key a curl -v trace holds', async () => {
    const cli = await run(['explain', fixture('curl-v-duplicated-v1.txt'), '--report']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Agnes API support report');
    expect(cli.stdout).toContain('20261129235901aaaaaaaaaaaaaaaa');
    expect(cli.stdout).toContain('POST https://apihub.agnes-ai.com/v1/v1/chat/completions');
    expect(cli.stdout).toMatch(/@agnes-errors\/cli \d+\.\d+\.\d+/);
    expect(cli.stdout).not.toContain('sk-curlverbose');
    const json = await run(['explain', fixture('curl-v-duplicated-v1.txt'), '--json', '--report']);
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'curl', reason: 'duplicated_v1', status: 404 });
    expect(json.stdout).not.toContain('sk-curlverbose');
  });

  it('reads standard input with - (and with no argument)', async () => {
    const dash = await run(['explain', '-'], {}, read('curl-i-429.txt'));
    expect(dash.stdout).toContain('Reason: rate_limited');
    const none = await run(['explain', '--json'], {}, read('sdk-got-402.txt'));
    expect(JSON.parse(none.stdout)).toMatchObject({
      kind: 'text',
      reason: 'insufficient_quota',
      retryable: false,
    });
  });

  it('takes a bare status code', async () => {
    const cli = await run(['explain', '429']);
    expect(cli.stdout).toContain('Read as a status code.');
    expect(cli.stdout).toContain('Agnes API 429 Too Many Requests');
  });

  it('guesses the status of a body pasted without one, says so, and takes --status', async () => {
    const body = '{"error":{"message":"Invalid token","type":"new_api_error"}}';
    const guessed = await run(['explain'], {}, body);
    expect(guessed.stdout).toContain('Reason: invalid_api_key');
    expect(guessed.stdout).toContain('No status found: pass --status N');
    const told = await run(['explain', '--status', '403'], {}, body);
    expect(told.stdout).toContain('Agnes API 403');
    expect(told.stdout).not.toContain('No status found');
  });

  it('writes Chinese with --locale zh', async () => {
    const cli = await run(['explain', '--locale', 'zh', fixture('json-quota.json')]);
    expect(cli.stdout).toContain('按JSON 错误响应体解析');
    expect(cli.stdout).toContain('原因代码: insufficient_quota');
    const report = await run(['explain', '--locale', 'zh', '--report', fixture('json-quota.json')]);
    expect(report.stdout).toContain('Agnes API 技术支持报告');
  });

  it('exits 1 when the input holds nothing to diagnose, and 2 for a file it cannot read', async () => {
    const nothing = await run(['explain'], {}, 'hello world');
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toContain('Found no status');
    expect((await run(['explain', '/nonexistent/file.txt'])).code).toBe(2);
  });
});
