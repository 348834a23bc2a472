import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { main as aiSdkExample } from '../ai-sdk.ts';
import { main as anthropicExample } from '../anthropic-client.ts';
import { main as axiosExample } from '../axios-interceptor.ts';
import { main as gotExample } from '../got-extend.ts';
import { main as kyExample } from '../ky-hooks.ts';
import { main as langchainExample } from '../langchain.ts';
import { main as openaiExample } from '../openai-client.ts';
import { main as otelExample } from '../opentelemetry.ts';
import { main as fetchExample } from '../plain-fetch.ts';

const examples = {
  axios: axiosExample,
  ky: kyExample,
  got: gotExample,
  openai: openaiExample,
  fetch: fetchExample,
  'ai-sdk': aiSdkExample,
  langchain: langchainExample,
  otel: otelExample,
};
const apiKey = 'sk-examplestest000000000000';
let mock: MockAgnes | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('examples', () => {
  for (const [name, main] of Object.entries(examples)) {
    it(`${name}: recovers from two 503s and prints the answer`, async () => {
      mock = await startMockAgnes({
        script: { 'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }] },
      });
      const output = await main({ baseURL: mock.baseURL, apiKey });
      expect(output).toMatch(new RegExp(`^${name}: Hello from the Agnes mock server\\.`));
      expect(mock.requests).toHaveLength(3);
    });

    it(`${name}: reports a 402 with its Agnes reason and message`, async () => {
      mock = await startMockAgnes({ script: { '*': [{ status: 402 }] } });
      const output = await main({ baseURL: mock.baseURL, apiKey });
      expect(output).toMatch(
        new RegExp(`^${name} failed \\(insufficient_quota\\): Agnes API 402 Payment Required`),
      );
      expect(mock.requests).toHaveLength(1);
    });
  }

  it('anthropic: recovers from two 529 brownouts on /v1/messages and prints the answer', async () => {
    mock = await startMockAgnes({ script: { 'POST /v1/messages': [{ status: 529 }, { status: 529 }] } });
    const output = await anthropicExample({ baseURL: mock.baseURL, apiKey });
    expect(output).toMatch(/^anthropic: Hello from the Agnes mock server\./);
    expect(mock.requestsTo('POST /v1/messages')).toHaveLength(3);
  });

  it('anthropic: reports a 402 with its Agnes reason and message', async () => {
    mock = await startMockAgnes({ script: { '*': [{ status: 402 }] } });
    const output = await anthropicExample({ baseURL: mock.baseURL, apiKey });
    expect(output).toMatch(/^anthropic failed \(insufficient_quota\): Agnes API 402 Payment Required/);
    expect(mock.requests).toHaveLength(1);
  });

  it('each file runs on its own, as the README says', async () => {
    const file = fileURLToPath(new URL('../plain-fetch.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=agnes-source', file], {
      env: { ...process.env, AGNES_API_KEY: '' },
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^fetch: Hello from the Agnes mock server\./);
  });

  it('the OpenTelemetry example prints the call span, its attempts and the retry events', async () => {
    const file = fileURLToPath(new URL('../opentelemetry.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=agnes-source', file], {
      env: { ...process.env, AGNES_API_KEY: '' },
      timeout: 30_000,
    });
    expect(stdout).toMatch(/^otel: Hello from the Agnes mock server\./m);
    expect(stdout).toContain("name: 'chat agnes-2.5-flash'");
    expect(stdout).toContain("'http.request.resend_count': 2");
    expect(stdout).toContain("name: 'agnes.retry'");
    expect(stdout).toContain("name: 'answer a question'");
    expect(stdout).not.toContain('sk-example');
  });
});
