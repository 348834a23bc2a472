import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { table } from './stats.ts';

const packagesDir = fileURLToPath(new URL('../../packages/', import.meta.url));
const sizeLimit = fileURLToPath(new URL('../../node_modules/.bin/size-limit', import.meta.url));

/** The size-limit figures of every built package (minified and gzipped, as each package's size-limit entries say). */
export function sizes(): string {
  const rows: (string | number)[][] = [];
  for (const folder of readdirSync(packagesDir)) {
    const dir = `${packagesDir}${folder}`;
    const manifest = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as {
      name: string;
      'size-limit'?: unknown;
    };
    if (!manifest['size-limit']) continue;
    if (!existsSync(`${dir}/dist`)) {
      rows.push([manifest.name, 'not built: run pnpm build', '', '']);
      continue;
    }
    let output = '';
    try {
      output = execFileSync(sizeLimit, ['--json'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
    } catch (error) {
      output = (error as { stdout?: string }).stdout ?? '[]';
    }
    for (const check of JSON.parse(output) as {
      name: string;
      size: number;
      sizeLimit?: number;
      passed?: boolean;
    }[]) {
      rows.push([
        manifest.name,
        check.name,
        `${(check.size / 1000).toFixed(2)} kB`,
        check.sizeLimit ? `${Number((check.sizeLimit / 1000).toFixed(2))} kB` : '',
      ]);
    }
  }
  return [
    '### Sizes (minified + gzip, size-limit)',
    '',
    table(['package', 'entry', 'size', 'limit'], rows),
  ].join('\n');
}
