import { agnesKy } from '@agnes-errors/ky';
import ky from 'ky';
import { describe, expect, it } from 'vitest';

describe('types', () => {
  it('agnesKy() spreads into ky.create() and extend() without casts', () => {
    // Compile-time check (pnpm typecheck): these lines must type-check against ky's own Options.
    const api = ky.create({ headers: { authorization: 'Bearer sk-types' }, ...agnesKy({ rpm: 20 }) });
    const extended = api.extend({ timeout: 30_000 });
    expect(typeof extended.post).toBe('function');
  });
});
