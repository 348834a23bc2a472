import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts', 'src/zh.ts'],
  format: 'esm',
  platform: 'neutral',
  dts: true,
  sourcemap: false,
  clean: true,
});
