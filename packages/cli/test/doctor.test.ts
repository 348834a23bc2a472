import { createServer, type Server, type Socket } from 'node:net';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type JsonReport, run, statuses, step } from './helpers.ts';

const goodKey = 'sk-doctorgood0123456789abcdefghijklmnopqrstuv';
const refusedKey = 'sk-doctorrefused0123456789abcdefghijklmnopqr';
let mock: MockAgnes | undefined;
let silent: { server: Server; sockets: Set<Socket> } | undefined;

afterEach(async () => {
  await mock?.close();
  mock = undefined;
  if (silent) {
    for (const socket of silent.sockets) socket.destroy();
    await new Promise((resolve) => silent?.server.close(resolve));
    silent = undefined;
  }
});

const startMock = async (): Promise<MockAgnes> => {
  mock = await startMockAgnes({
    auth: [goodKey, refusedKey],
    refusedKeys: [refusedKey],
    modelsByKey: { [goodKey]: ['agnes-2.5-flash', 'agnes-2.5-pro', 'agnes-3.0-flash'] },
    rpm: 1000,
    limitHeaders: true,
  });
  return mock;
};

const doctorJson = async (env: Record<string, string>, ...flags: string[]) => {
  const result = await run(['doctor', '--json', '--timeout', '1500', ...flags], env);
  return { ...result, report: JSON.parse(result.stdout) as JsonReport };
};

/** A local TCP server that accepts connections and never says a word. */
async function startSilentServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  silent = { server, sockets };
  return (server.address() as { port: number }).port;
}

/** A port on 127.0.0.1 where nothing listens (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('agnes-errors doctor against the mock server', () => {
  it('passes every step with a good key: models listed, the model found, the limit headers shown; exit 0', async () => {
    const server = await startMock();
    const { code, report, stdout } = await doctorJson(
      { AGNES_API_KEY: goodKey, AGNES_BASE_URL: server.baseURL },
      '--model',
      'agnes-2.5-pro',
    );
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(statuses(report)).toEqual({
      key: 'pass',
      base_url: 'warn', // 127.0.0.1 is not an Agnes host
      proxy: 'pass',
      dns: 'pass',
      tcp: 'pass',
      tls: 'skip', // http
      models: 'pass',
      model: 'pass',
      rate_limit: 'pass',
      chat: 'skip',
    });
    expect(step(report, 'models').data?.models).toEqual([
      'agnes-2.5-flash',
      'agnes-2.5-pro',
      'agnes-3.0-flash',
    ]);
    expect(step(report, 'rate_limit').figure).toContain('x-ratelimit-limit-requests: 1000');
    expect(report.key).toBe('sk-…qrstuv'.replace('qrstuv', 'stuv'));
    expect(stdout).not.toContain(goodKey);
    expect(server.requestsTo('GET /v1/models')).toHaveLength(1);
    // No billed request unless asked.
    expect(server.requestsTo('POST /v1/chat/completions')).toHaveLength(0);
  });

  it('diagnoses a refused key with our 401 message and skips what depends on it; exit 1', async () => {
    const server = await startMock();
    const { code, report, stdout } = await doctorJson({
      AGNES_API_KEY: refusedKey,
      AGNES_BASE_URL: server.baseURL,
    });
    expect(code).toBe(1);
    const models = step(report, 'models');
    expect(models.status).toBe('fail');
    expect(models.figure).toMatch(/^401 in \d+ ms$/);
    expect(models.data?.reason).toBe('invalid_api_key');
    expect(models.notes[0]).toContain('Agnes API 401 Unauthorized');
    expect(models.fix).toBeTruthy();
    expect(statuses(report)).toMatchObject({ model: 'skip', rate_limit: 'skip', chat: 'skip' });
    expect(stdout).not.toContain(refusedKey);
  });

  it('names the closest models when --model is not among those the key can use', async () => {
    const server = await startMock();
    const { code, report } = await doctorJson(
      { AGNES_API_KEY: goodKey, AGNES_BASE_URL: server.baseURL },
      '--model',
      'agnes-2.5-flsh',
    );
    expect(code).toBe(1);
    const model = step(report, 'model');
    expect(model.status).toBe('fail');
    expect(model.data?.closest).toEqual(['agnes-2.5-flash', 'agnes-3.0-flash', 'agnes-2.5-pro']);
    expect(model.fix).toBe('use agnes-2.5-flash');
  });

  it('sends one tiny chat request only with --chat, and says so first', async () => {
    const server = await startMock();
    const result = await run(['doctor', '--chat', '--model', 'agnes-2.5-flash'], {
      AGNES_API_KEY: goodKey,
      AGNES_BASE_URL: server.baseURL,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'Sending one chat request to agnes-2.5-flash (max_tokens 1). It is billed.',
    );
    expect(result.order[0]).toBe('stderr');
    const chats = server.requestsTo('POST /v1/chat/completions');
    expect(chats).toHaveLength(1);
    expect(chats[0]?.body).toMatchObject({ model: 'agnes-2.5-flash', max_tokens: 1 });
    expect(result.stdout).toMatch(/✔ Chat request +200 in \d+ ms from agnes-2\.5-flash/);
  });

  it('--chat without --model picks a chat model the key can use, never an image model', async () => {
    mock = await startMockAgnes({
      auth: [goodKey],
      modelsByKey: { [goodKey]: ['agnes-image-2.5-flash', 'agnes-2.5-pro'] },
    });
    const result = await run(['doctor', '--chat'], { AGNES_API_KEY: goodKey, AGNES_BASE_URL: mock.baseURL });
    expect(result.code).toBe(0);
    expect(mock.requestsTo('POST /v1/chat/completions')[0]?.body).toMatchObject({ model: 'agnes-2.5-pro' });
  });

  it('reports a /v1/v1 base URL, and the 404 the server gives it, in our words', async () => {
    const server = await startMock();
    const { code, report } = await doctorJson({
      AGNES_API_KEY: goodKey,
      AGNES_BASE_URL: `${server.baseURL}/v1`,
    });
    expect(code).toBe(1);
    expect(step(report, 'base_url').status).toBe('fail');
    expect(step(report, 'base_url').notes[0]).toContain('repeats /v1');
    expect(step(report, 'base_url').fix).toContain('single /v1');
    expect(step(report, 'models').data?.reason).toBe('duplicated_v1');
  });

  it('writes Chinese with --locale zh', async () => {
    const server = await startMock();
    const result = await run(['doctor', '--locale', 'zh'], {
      AGNES_API_KEY: refusedKey,
      AGNES_BASE_URL: server.baseURL,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('API 密钥');
    expect(result.stdout).toContain('Agnes API 401');
    expect(result.stdout).toMatch(/发现 \d 个问题/);
  });
});

describe('agnes-errors doctor against faults made on the spot', () => {
  it('a host that does not resolve: DNS fails with the fix, later steps are skipped with the reason', async () => {
    const { code, report } = await doctorJson({
      AGNES_API_KEY: goodKey,
      AGNES_BASE_URL: 'http://agnes-doctor-test.invalid/v1',
    });
    expect(code).toBe(1);
    const dns = step(report, 'dns');
    expect(dns.status).toBe('fail');
    expect(dns.fix).toContain('DNS');
    for (const id of ['tcp', 'tls', 'models', 'model', 'rate_limit', 'chat']) {
      expect(step(report, id).status).toBe('skip');
      expect(step(report, id).figure).toBe('skipped: the DNS step failed');
    }
  });

  it('a closed port on 127.0.0.1: the TCP connect is refused', async () => {
    const port = await closedPort();
    const { code, report } = await doctorJson({
      AGNES_API_KEY: goodKey,
      AGNES_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    expect(code).toBe(1);
    const tcp = step(report, 'tcp');
    expect(tcp.status).toBe('fail');
    expect(tcp.figure).toBe(`127.0.0.1:${port} refused the connection (nothing listens there)`);
    expect(step(report, 'models').figure).toBe('skipped: the TCP connect step failed');
  });

  it('a server that accepts and never answers (http): /v1/models times out, doctor does not hang', async () => {
    const port = await startSilentServer();
    const started = Date.now();
    const result = await run(['doctor', '--json', '--timeout', '300'], {
      AGNES_API_KEY: goodKey,
      AGNES_BASE_URL: `http://127.0.0.1:${port}/v1`,
    });
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(result.code).toBe(1);
    expect(step(report, 'tcp').status).toBe('pass');
    expect(step(report, 'models').status).toBe('fail');
    expect(step(report, 'models').figure).toBe('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a server that accepts and never answers (https): the TLS handshake times out', async () => {
    const port = await startSilentServer();
    const { code, report } = await doctorJson(
      { AGNES_API_KEY: goodKey, AGNES_BASE_URL: `https://127.0.0.1:${port}/v1` },
      '--timeout',
      '300',
    );
    expect(code).toBe(1);
    expect(step(report, 'tls').status).toBe('fail');
    expect(step(report, 'tls').figure).toContain('no TLS answer within 300 ms');
    expect(step(report, 'models').figure).toBe('skipped: the TLS handshake step failed');
  });

  it('a key with a newline: fails with the fix, is never sent, and never printed', async () => {
    const server = await startMock();
    const key = `${goodKey}\n`;
    const { code, report, stdout } = await doctorJson({ AGNES_API_KEY: key, AGNES_BASE_URL: server.baseURL });
    expect(code).toBe(1);
    expect(step(report, 'key').status).toBe('fail');
    expect(step(report, 'key').notes).toContain('contains a line break');
    expect(step(report, 'models').figure).toBe('skipped: no usable key');
    expect(server.requests).toHaveLength(0);
    expect(stdout).not.toContain(goodKey);
  });

  it('a truncated key: warned as short; the server then refuses it', async () => {
    const server = await startMock();
    const { code, report, stdout } = await doctorJson({
      AGNES_API_KEY: 'sk-doctorgood0123',
      AGNES_BASE_URL: server.baseURL,
    });
    expect(code).toBe(1);
    expect(step(report, 'key').status).toBe('warn');
    expect(step(report, 'key').notes[0]).toContain('may have been cut when copied');
    expect(step(report, 'models').data?.status).toBe(401);
    expect(stdout).not.toContain('sk-doctorgood0123');
  });

  it('the masked form a console shows, quotes and spaces: each named', async () => {
    const masked = await doctorJson(
      { AGNES_API_KEY: 'sk-abcd…wxyz', AGNES_BASE_URL: 'http://127.0.0.1:9/v1' },
      '--timeout',
      '300',
    );
    expect(step(masked.report, 'key').notes).toContain(
      'contains "…" or "*": this is the masked form the console shows, not the key',
    );
    const quoted = await doctorJson(
      { AGNES_API_KEY: ` "${goodKey}"`, AGNES_BASE_URL: 'http://127.0.0.1:9/v1' },
      '--timeout',
      '300',
    );
    expect(step(quoted.report, 'key').notes).toEqual([
      'has a space or tab at the start',
      'is wrapped in quotes, which would be sent as part of the key',
    ]);
    expect(quoted.stdout).not.toContain(goodKey);
  });

  it('proxy variables that apply to the host are shown with their credentials hidden; NO_PROXY can exclude it', async () => {
    const server = await startMock();
    const base = { AGNES_API_KEY: goodKey, AGNES_BASE_URL: server.baseURL };
    const applies = await doctorJson({ ...base, http_proxy: 'http://user:secretpass@proxy.example:3128' });
    expect(step(applies.report, 'proxy').status).toBe('warn');
    expect(step(applies.report, 'proxy').figure).toContain(
      'http_proxy=http://***@proxy.example:3128 applies to 127.0.0.1',
    );
    expect(applies.stdout).not.toContain('secretpass');
    const excluded = await doctorJson({
      ...base,
      HTTP_PROXY: 'http://proxy.example:3128',
      NO_PROXY: 'localhost,127.0.0.1',
    });
    expect(step(excluded.report, 'proxy').status).toBe('pass');
    expect(step(excluded.report, 'proxy').figure).toBe('HTTP_PROXY is set, but NO_PROXY excludes 127.0.0.1');
    const otherScheme = await doctorJson({ ...base, HTTPS_PROXY: 'http://proxy.example:3128' });
    expect(step(otherScheme.report, 'proxy').figure).toBe(
      'only HTTPS_PROXY is set, which does not apply to this scheme',
    );
    const broken = await doctorJson({ ...base, HTTP_PROXY: 'not a url' });
    expect(step(broken.report, 'proxy').status).toBe('fail');
    const differ = await doctorJson({ ...base, HTTPS_PROXY: 'http://a:1', https_proxy: 'http://b:2' });
    expect(step(differ.report, 'proxy').notes).toContain(
      'HTTPS_PROXY and https_proxy differ: tools pick different ones',
    );
  });

  it('a base URL with credentials and a key in its query: warned, and neither printed', async () => {
    const { report, stdout } = await doctorJson(
      {
        AGNES_API_KEY: goodKey,
        AGNES_BASE_URL: `https://user:hunter22@apihub.agnes-ai.com/v1?api_key=${goodKey}`,
      },
      '--offline',
    );
    expect(step(report, 'base_url').status).toBe('warn');
    expect(step(report, 'base_url').notes).toContain('carries a query string, a fragment or credentials');
    expect(stdout).not.toContain('hunter22');
    expect(stdout).not.toContain(goodKey);
  });

  it('a missing key and a base URL without /v1 are named without any request (--offline)', async () => {
    const { code, report } = await doctorJson(
      { AGNES_BASE_URL: 'https://apihub.agnes-ai.com' },
      '--timeout',
      '300',
    );
    expect(code).toBe(1);
    expect(step(report, 'key').status).toBe('fail');
    expect(step(report, 'base_url').notes[0]).toContain('has no /v1');
    expect(step(report, 'base_url').figure).toContain('Agnes international');
  });
});

describe('agnes-errors usage', () => {
  it('exits 2 on usage errors', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
    expect((await run(['doctor', '--timeout', 'soon'])).code).toBe(2);
    expect((await run(['doctor', '--locale', 'fr'])).code).toBe(2);
    expect((await run(['doctor', '--no-such-flag'])).code).toBe(2);
    expect((await run(['explain', '--status', '9999', '429'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('agnes-errors doctor');
  });
});
