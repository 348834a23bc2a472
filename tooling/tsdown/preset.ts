import { defineConfig, type UserConfig } from 'tsdown';

/** The build every published package shares: ESM with declarations, `dist/` cleaned first. */
export function packageBuild(entry: string[], platform: 'neutral' | 'node' = 'neutral'): UserConfig {
  return defineConfig({
    entry,
    format: 'esm',
    platform,
    dts: true,
    clean: true,
    ...(platform === 'node' && { fixedExtension: false }),
  });
}
