import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const demo = fileURLToPath(new URL('../demo.ts', import.meta.url));

/** Runs the demo as `pnpm demo` does: Node with the `agnes-source` condition, no terminal (plain text). */
async function runDemo(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--conditions=agnes-source', demo, ...args], {
      env: { ...process.env, NO_COLOR: '1', AGNES_API_KEY: '', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('pnpm demo', () => {
  it('tours every client against the mock server, every outcome as expected, in plain text', async () => {
    const { code, stdout } = await runDemo([]);
    expect(stdout).toContain('Every outcome was the expected one.');
    expect(code).toBe(0);
    for (const client of ['fetch', 'axios', 'ky', 'got', 'openai', 'anthropic', 'ai-sdk', 'langchain'])
      expect(stdout).toMatch(new RegExp(`✔\\s+${client}\\s`));
    expect(stdout).not.toMatch(/\u001b\[/);
    expect(stdout).not.toContain('sk-demo0000');
    // The telemetry stop: the call span and its two attempt spans, the second a resend.
    expect(stdout).toMatch(
      /spans:\s+chat\s+agnes-2\.5-flash\s+\[POST\s+503\s+service_unavailable,\s+POST\s+resend\s+1\s+ok\]/,
    );
    expect(stdout).toMatch(/✔ doctor, revoked key/);
    expect(stdout).toMatch(/✔ doctor, good key/);
    expect(stdout).not.toContain('sk-demodoctor0000');
  }, 60_000);

  it('refuses --live without AGNES_API_KEY and calls nothing', async () => {
    const { code, stderr } = await runDemo(['--live']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/needs AGNES_API_KEY.*Nothing was called/);
  });
});
