import { readFileSync } from 'node:fs';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Workspace packages resolve through their published `exports`, with the `agnes-source` condition first
 * (a name of our own: some dependencies publish TypeScript under a plain `source` condition):
 * tests reach exactly the entry points users get (`@agnes-errors/core`, `@agnes-errors/core/zh`,
 * `@agnes-errors/core/adapter-kit`...), as TypeScript sources, so they need no build.
 */
// No `module` condition: Node loads the packages tests import, and some (`@opentelemetry/api`, which
// ai 5 imports) point `module` at ESM that only a bundler can load.
const conditions = ['agnes-source', 'node', 'development|production'];

/** One major of a client under test: `import 'got'` resolves to the aliased package `got-v14`. */
export interface ClientUnderTest {
  readonly name: string;
  readonly alias: string;
}

/**
 * A vitest project for one package, or for one client major of an adapter. With `client`, imports of
 * the client (and of its companion packages, when several are given) resolve to their npm aliases,
 * and `AGNES_CLIENT_PACKAGE` tells tests which package the first one is.
 */
export function agnesProject(
  name: string,
  client?: ClientUnderTest | readonly ClientUnderTest[],
): UserWorkspaceConfig {
  const clients: readonly ClientUnderTest[] =
    client === undefined ? [] : 'alias' in client ? [client] : client;
  const clientAliases = clients.map(({ name, alias }) => ({
    find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`),
    replacement: alias,
  }));
  return defineProject({
    resolve: { alias: clientAliases, conditions },
    ssr: { resolve: { conditions, externalConditions: ['agnes-source'] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      env: { AGNES_CLIENT_PACKAGE: clients[0]?.alias ?? '' },
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
