import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

/** The smoke file bundled for a runtime without Node: ESM (and a script for the edge VM). */
export interface SmokeBundles {
  readonly dir: string;
  readonly esm: string;
  readonly script: string;
}

/** Bundles `smoke.ts` from the published entry points (`source` condition), as a browser app would. */
export async function bundleSmoke(): Promise<SmokeBundles> {
  const bundle = await rolldown({
    input: fileURLToPath(new URL('./smoke.ts', import.meta.url)),
    platform: 'browser',
    resolve: { conditionNames: ['agnes-source', 'browser', 'import', 'default'] },
    logLevel: 'silent',
  });
  const esm = (await bundle.generate({ format: 'esm' })).output[0].code;
  const script = (await bundle.generate({ format: 'iife', name: 'AgnesSmoke' })).output[0].code;
  await bundle.close();
  const dir = mkdtempSync(join(tmpdir(), 'agnes-runtimes-'));
  writeFileSync(join(dir, 'smoke.js'), esm);
  return { dir, esm, script };
}
