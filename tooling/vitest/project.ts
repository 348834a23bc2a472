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
    return [
      { find: new RegExp(`^${manifest.name}$`), replacement: `${packagesDir}${folder}/src/index.ts` },
      // Subpath exports such as @agnes-errors/core/zh map to src/zh.ts.
      { find: new RegExp(`^${manifest.name}/(.+)$`), replacement: `${packagesDir}${folder}/src/$1.ts` },
    ];
  } catch {
    return [];
  }
});

/** One major of a client under test: `import 'got'` resolves to the aliased package `got-v14`. */
export interface ClientUnderTest {
  readonly name: string;
  readonly alias: string;
}

/**
 * A vitest project for one package, or for one client major of an adapter. With `client`, imports of
 * the client resolve to its npm alias, and `AGNES_CLIENT_PACKAGE` tells tests which package that is.
 */
export function agnesProject(name: string, client?: ClientUnderTest): UserWorkspaceConfig {
  const clientAliases = client ? [{ find: new RegExp(`^${client.name}$`), replacement: client.alias }] : [];
  return defineProject({
    resolve: { alias: [...workspaceAliases, ...clientAliases] },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      env: { AGNES_CLIENT_PACKAGE: client?.alias ?? '' },
    },
  });
}

/** The version of the client package a test run imports (the aliased major, or the default). */
export function clientVersion(packageDir: string, defaultPackage: string): string {
  const name = process.env.AGNES_CLIENT_PACKAGE || defaultPackage;
  const manifest = JSON.parse(readFileSync(`${packageDir}/node_modules/${name}/package.json`, 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
