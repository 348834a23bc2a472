import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../../../tooling/scripts/core-readme.ts';

describe('the package README', () => {
  it('shows the current catalogue and reason codes (run pnpm readme after changing them)', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(renderReadme(readme)).toBe(readme);
    expect(readme).toContain('| 429 | Too Many Requests / 请求过多 |');
    expect(readme).toContain('`image_size_not_multiple_of_16`');
  });
});
