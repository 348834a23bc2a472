import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { describe, expect, it } from 'vitest';

/**
 * What a browser app ships when it uses the ky adapter: core (with the Chinese bundle) and the
 * adapter, bundled for the browser from the published entry points, ky included.
 */
async function browserBundle(): Promise<string> {
  const entry = fileURLToPath(new URL('./fixtures/browser-entry.ts', import.meta.url));
  const bundle = await rolldown({
    input: entry,
    platform: 'browser',
    resolve: { conditionNames: ['agnes-source', 'browser', 'import', 'default'] },
    logLevel: 'silent',
  });
  const { output } = await bundle.generate({ format: 'esm' });
  await bundle.close();
  return output.map((chunk) => ('code' in chunk ? chunk.code : '')).join('\n');
}

describe('the browser bundle of core and the ky adapter', () => {
  it('has no Node-only import, global or timer API', async () => {
    const code = await browserBundle();
    expect(code).toContain('agnesKy');
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:|import\(["']node:/);
    // Bare Node globals (a guarded `globalThis.process?.env` read is fine: it cannot throw).
    expect(code).not.toMatch(/(^|[^.\w$])Buffer\s*[.(]/m);
    expect(code).not.toMatch(
      /(^|[^.\w$?])process\s*\.\s*(env|nextTick|versions?|platform|argv|cwd|exit|on|hrtime|stdout|stderr)\b/m,
    );
    expect(code).not.toMatch(/\bsetImmediate\b|\.unref\s*\(|\bprocess\.nextTick\b/);
  });
});
