import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('../../packages/', import.meta.url));

/** Every workspace package resolves to its TypeScript source, so tests need no build. */
const workspaceAliases = readdirSync(packagesDir).flatMap((folder) => {
  try {
    const manifest = JSON.parse(readFileSync(`${packagesDir}${folder}/package.json`, 'utf8')) as {
      name: string;
    };
    return [{ find: new RegExp(`^${manifest.name}$`), replacement: `${packagesDir}${folder}/src/index.ts` }];
  } catch {
    return [];
  }
});

/** A vitest project for one package (or one client major of an adapter). */
export function agnesProject(name: string, extra: UserWorkspaceConfig = {}): UserWorkspaceConfig {
  return defineProject({
    ...extra,
    resolve: { ...extra.resolve, alias: [...workspaceAliases, ...((extra.resolve?.alias as []) ?? [])] },
    test: { name, include: ['test/**/*.test.ts'], ...extra.test },
  });
}
