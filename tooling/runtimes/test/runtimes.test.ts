import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleSmoke, type SmokeBundles } from '../bundle.ts';
import { goodKey, smokeScript } from '../smoke.ts';

const run = promisify(execFile);
const modules = fileURLToPath(new URL('../node_modules/', import.meta.url));
/** The version a runtime package installs (pinned in the lockfile). */
const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as { version: string }).version;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const expected = [
  'classify, English',
  'classify, Chinese',
  'agnesFetch: 503 then 200',
  'agnesFetch: 401 diagnosed',
  'agnesFetch: rpm pacing waits',
  'ky adapter: 503 then 200',
  'OpenAI SDK: 401 diagnosed',
];

let mock: MockAgnes;
let bundles: SmokeBundles;
beforeAll(async () => {
  mock = await startMockAgnes({ auth: [goodKey], cors: true });
  bundles = await bundleSmoke();
}, 60_000);
afterAll(async () => {
  await mock?.close();
});
beforeEach(() => {
  mock.reset();
  for (const [route, steps] of Object.entries(smokeScript)) mock.script(route, steps);
});

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .slice(0, 2)
      .join(' ');
  } catch {
    return 'Chromium (not installed: apt-get install chromium)';
  }
}

/** Runs an entry file next to the bundle with a runtime binary and reads the checks it printed. */
async function runBinary(binary: string, args: string[], entry: string): Promise<string[]> {
  const file = join(bundles.dir, `${binary.split('/').pop()}-entry.js`);
  writeFileSync(file, entry);
  const { stdout } = await run(binary, [...args, file, mock.baseURL], {
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as string[];
}

describe('the same smoke checks pass in every runtime', () => {
  it(`Node ${process.version}`, async () => {
    const { smoke } = (await import(
      pathToFileURL(join(bundles.dir, 'smoke.js')).href
    )) as typeof import('../smoke.ts');
    expect(await smoke(mock.baseURL)).toEqual(expected);
  });

  it(`Deno ${versionOf('@deno/linux-x64-glibc')} (no --allow-env)`, async () => {
    const deno = join(modules, '@deno/linux-x64-glibc/deno');
    const checks = await runBinary(
      deno,
      ['run', '--quiet', '--no-prompt', '--allow-net=127.0.0.1'],
      "import { smoke } from './smoke.js';\nconsole.log(JSON.stringify(await smoke(Deno.args[0])));\n",
    );
    expect(checks).toEqual(expected);
  }, 60_000);

  it(`Bun ${versionOf('@oven/bun-linux-x64')}`, async () => {
    const bun = join(modules, '@oven/bun-linux-x64/bin/bun');
    const checks = await runBinary(
      bun,
      [],
      "import { smoke } from './smoke.js';\nconsole.log(JSON.stringify(await smoke(process.argv[2])));\n",
    );
    expect(checks).toEqual(expected);
  }, 60_000);

  it(`the Vercel edge runtime (@edge-runtime/vm ${versionOf('@edge-runtime/vm')})`, async () => {
    const { EdgeVM } = await import('@edge-runtime/vm');
    const vm = new EdgeVM();
    vm.evaluate(bundles.script);
    const checks = await vm.evaluate(`AgnesSmoke.smoke(${JSON.stringify(mock.baseURL)})`);
    expect(JSON.parse(JSON.stringify(checks))).toEqual(expected);
  }, 60_000);

  it(`workerd (Cloudflare Workers) through miniflare ${versionOf('miniflare')}`, async () => {
    const { Miniflare } = await import('miniflare');
    // A worker module may export only handlers: the bundle's own exports stay in scope instead.
    const body = bundles.esm.replace(/export\s*\{[^}]*\};?\s*$/, '');
    const worker = `${body}\nexport default { async fetch(request) { const base = new URL(request.url).searchParams.get('base'); try { return Response.json(await smoke(base)); } catch (error) { return new Response(String(error), { status: 500 }); } } };\n`;
    const miniflare = new Miniflare({ modules: true, script: worker, compatibilityDate: '2026-07-01' });
    try {
      const response = await miniflare.dispatchFetch(
        `http://worker.test/?base=${encodeURIComponent(mock.baseURL)}`,
      );
      const text = await response.text();
      expect(response.status, text).toBe(200);
      expect(JSON.parse(text)).toEqual(expected);
    } finally {
      await miniflare.dispose();
    }
  }, 120_000);

  it(`headless ${chromiumVersion()} (playwright-core), the page on another origin`, async () => {
    const { chromium } = await import('playwright-core');
    const page = `<!doctype html><script type="module">import { smoke } from './smoke.js'; smoke(${JSON.stringify(mock.baseURL)}).then((checks) => { window.result = checks; }, (error) => { window.result = String(error); });</script>`;
    const files: Record<string, [string, string]> = {
      '/': ['text/html', page],
      '/smoke.js': ['text/javascript', readFileSync(join(bundles.dir, 'smoke.js'), 'utf8')],
    };
    const server: Server = createServer((request, response) => {
      const [type, body] = files[request.url ?? '/'] ?? ['text/plain', ''];
      response.writeHead(body ? 200 : 404, { 'content-type': type }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const tab = await browser.newPage();
      await tab.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
      await tab.waitForFunction(() => (window as { result?: unknown }).result !== undefined, undefined, {
        timeout: 30_000,
      });
      expect(await tab.evaluate(() => (window as { result?: unknown }).result)).toEqual(expected);
    } finally {
      await browser.close();
      server.close();
    }
  }, 120_000);
});
