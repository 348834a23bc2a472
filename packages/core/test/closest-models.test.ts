import { closestModels } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';

const available = [
  'agnes-1.5-flash',
  'agnes-2.0-flash',
  'agnes-2.5-flash',
  'agnes-2.5-pro',
  'agnes-3.0-flash',
  'agnes-image-2.5-flash',
];

describe('closestModels', () => {
  it('puts a one-letter typo first', () => {
    expect(closestModels('agnes-2.5-flsh', available)[0]).toBe('agnes-2.5-flash');
  });

  it('ignores case, spaces and underscores', () => {
    expect(closestModels('Agnes 2.5 Flash', available)[0]).toBe('agnes-2.5-flash');
    expect(closestModels('agnes_2.5_pro', available)[0]).toBe('agnes-2.5-pro');
  });

  it('returns at most `limit` names, closest first', () => {
    const names = closestModels('agnes-2.5-flash-x', available, { limit: 2 });
    expect(names).toHaveLength(2);
    expect(names[0]).toBe('agnes-2.5-flash');
  });

  it('suggests nothing for a name unlike any model', () => {
    expect(closestModels('gpt-4o', available)).toEqual([]);
  });

  it('never suggests the name itself, and never throws on odd input', () => {
    expect(closestModels('agnes-2.5-pro', ['agnes-2.5-pro'])).toEqual([]);
    expect(closestModels(undefined as unknown as string, available)).toEqual([]);
    expect(closestModels('x', null as unknown as string[])).toEqual([]);
    expect(closestModels('a'.repeat(100_000), [1 as unknown as string, 'a'])).toEqual([]);
  });
});
