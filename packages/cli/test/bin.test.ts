import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const goodKey = 'sk-binprocess0123456789abcdefghijklmnopqrstuv';
let mock: MockAgnes | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

/** Runs the real bin in a child process (Node strips the types; `agnes-source` resolves core's sources). */
function runBin(
  args: readonly string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=agnes-source', bin, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the agnes-errors bin in a child process', () => {
  it('doctor with a good key exits 0; with a broken one exits 1; neither prints the key', async () => {
    mock = await startMockAgnes({ auth: [goodKey] });
    const good = await runBin(['doctor'], { AGNES_API_KEY: goodKey, AGNES_BASE_URL: mock.baseURL });
    expect(good.stderr).toBe('');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('All checks passed.');
    const broken = await runBin(['doctor'], {
      AGNES_API_KEY: `${goodKey.slice(0, 20)}\n`,
      AGNES_BASE_URL: mock.baseURL,
    });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('contains a line break');
    for (const output of [good.stdout, broken.stdout]) expect(output).not.toContain(goodKey.slice(0, 20));
  });

  it('explain reads standard input; a usage error exits 2', async () => {
    const explained = await runBin(
      ['explain', '--json'],
      {},
      'AxiosError: Request failed with status code 401',
    );
    expect(explained.code).toBe(0);
    expect(JSON.parse(explained.stdout)).toMatchObject({ reason: 'invalid_api_key', status: 401 });
    const usage = await runBin(['doctor', '--timeout', 'x'], {});
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--timeout must be');
  });

  it('doctor ends within its timeout against a server that never answers', async () => {
    const { createServer } = await import('node:net');
    const sockets = new Set<import('node:net').Socket>();
    const server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const started = Date.now();
      const result = await runBin(['doctor', '--timeout', '300'], {
        AGNES_API_KEY: goodKey,
        AGNES_BASE_URL: `http://127.0.0.1:${port}/v1`,
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('no answer within 300 ms');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
