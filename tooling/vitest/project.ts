import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * One major of a client under test: `import 'got'` resolves to the aliased package `got-v14`; or,
 * with `from`, `import '@langchain/core/messages'` resolves as it would from that directory (a
 * workspace package that installs the major together with its peers, where npm aliases cannot:
 * a peer dependency is found by its real name).
 */
export type ClientUnderTest =
  | { readonly name: string; readonly alias: string }
  | { readonly name: string; readonly from: string };

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
    client === undefined ? [] : 'name' in client ? [client] : client;
  const clientAliases = clients.flatMap((entry) =>
    'alias' in entry
      ? [{ find: new RegExp(`^${entry.name.replace(/[/.]/g, '\\$&')}$`), replacement: entry.alias }]
      : [],
  );
  const fromDirectories = clients.flatMap((entry) => ('from' in entry ? [entry] : []));
  const plugins = fromDirectories.length === 0 ? [] : [resolveFrom(fromDirectories)];
  return defineProject({
    plugins,
    resolve: { alias: clientAliases, conditions },
    ssr: { resolve: { conditions, externalConditions: ['agnes-source'] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      env: { AGNES_CLIENT_PACKAGE: clientPackage(clients[0]) },
    },
  });
}

/** What a vite plugin's `resolveId` may call. */
interface ResolverContext {
  resolve(source: string, importer: string, options: { skipSelf: boolean }): Promise<unknown>;
}

/** A plugin that resolves imports of the given packages (and their subpaths) as from their `from` directory. */
function resolveFrom(entries: readonly { readonly name: string; readonly from: string }[]) {
  return {
    name: 'agnes-resolve-client-from',
    enforce: 'pre' as const,
    resolveId(this: ResolverContext, source: string) {
      const entry = entries.find(({ name }) => source === name || source.startsWith(`${name}/`));
      return entry ? this.resolve(source, join(entry.from, 'package.json'), { skipSelf: true }) : null;
    },
  };
}

/** Where tests find the manifest of the client under test: its alias, or its path from `from`. */
function clientPackage(client: ClientUnderTest | undefined): string {
  if (client === undefined) return '';
  return 'alias' in client ? client.alias : join(client.from, 'node_modules', client.name);
}

/** The version of the client package a test run imports (the aliased major, or the default). */
export function clientVersion(packageDir: string, defaultPackage: string): string {
  const name = process.env.AGNES_CLIENT_PACKAGE || defaultPackage;
  const directory = name.startsWith('/') ? name : `${packageDir}/node_modules/${name}`;
  const manifest = JSON.parse(readFileSync(`${directory}/package.json`, 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
