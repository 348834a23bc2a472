import { readFileSync } from 'node:fs';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Workspace packages resolve through their published `exports`, with the `source` condition first:
 * tests reach exactly the entry points users get (`@agnes-errors/core`, `@agnes-errors/core/zh`,
 * `@agnes-errors/core/adapter-kit`...), as TypeScript sources, so they need no build.
 */
const conditions = ['source', 'module', 'node', 'development|production'];

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
    resolve: { alias: clientAliases, conditions },
    ssr: { resolve: { conditions, externalConditions: ['source'] } },
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
