import { readFileSync } from 'node:fs';
import { catalogue, getEntry } from '@agnes-errors/core';
import { catalogueZh } from '@agnes-errors/core/zh';
import { describe, expect, it } from 'vitest';
import { catalogueStatuses } from '../src/catalogue/index.ts';
import { isCatalogueStatus } from '../src/policy.ts';

/** Parses the provider's error page into cause and solution counts per status. */
function seedCounts(): Map<number, { causes: number; solutions: number; title: string }> {
  const text = readFileSync(new URL('./fixtures/agnes-error-codes.txt', import.meta.url), 'utf8');
  const counts = new Map<number, { causes: number; solutions: number; title: string }>();
  let current: { causes: number; solutions: number; title: string } | undefined;
  let section: 'causes' | 'solutions' | undefined;
  for (const line of text.split('\n')) {
    const heading = /^(\d{3}) (.+)$/.exec(line.trim());
    if (heading) {
      current = { causes: 0, solutions: 0, title: heading[2] ?? '' };
      counts.set(Number(heading[1]), current);
      section = undefined;
    } else if (line.includes('Common causes:')) section = 'causes';
    else if (line.startsWith('Solutions:')) section = 'solutions';
    else if (line.trim().startsWith('•') && current && section) current[section] += 1;
  }
  return counts;
}

describe('catalogue', () => {
  const seed = seedCounts();

  it('documents exactly the 21 statuses of the provider page', () => {
    expect(seed.size).toBe(21);
    expect([...catalogueStatuses]).toEqual([...seed.keys()].sort((a, b) => a - b));
  });

  it('keeps every cause and every solution of the provider page as one item', () => {
    for (const [status, counts] of seed) {
      const entry = getEntry(status);
      expect(entry?.causes.length, `${status} causes`).toBe(counts.causes);
      expect(entry?.solutions.length, `${status} solutions`).toBe(counts.solutions);
    }
  });

  it('mirrors English item for item in Chinese', () => {
    for (const status of catalogueStatuses) {
      const en = catalogue[status];
      const zh = catalogueZh[status];
      expect(zh.causes.length, `${status} causes`).toBe(en.causes.length);
      expect(zh.solutions.length, `${status} solutions`).toBe(en.solutions.length);
      for (const text of [zh.title, zh.meaning, ...zh.causes, ...zh.solutions]) {
        expect(text, `${status}: ${text}`).toMatch(/[\u4e00-\u9fff]/);
      }
      expect({ ...zh, title: '', meaning: '', causes: [], solutions: [] }).toEqual({
        ...en,
        title: '',
        meaning: '',
        causes: [],
        solutions: [],
      });
    }
  });

  it('keeps the facts of the page: limits and multiples', () => {
    expect(catalogue[429].causes).toContain('Free accounts are limited to 20 requests per minute');
    expect(catalogue[500].solutions).toContain('Image dimensions must be multiples of 16');
    expect(catalogue[500].solutions).toContain('Video dimensions must be multiples of 64');
    expect(catalogueZh[429].solutions[0]).toBe('等待 1 分钟后重试');
  });

  it('applies the retry policy of the design table', () => {
    const retried = catalogueStatuses.filter((status) => catalogue[status].retry === 'yes');
    expect(retried).toEqual([408, 429, 499, 500, 502, 503, 504, 520, 522, 524]);
    expect(catalogue[402].retry).toBe('never');
    expect(catalogue[402].category).toBe('billing');
    for (const status of [429, 503, 522, 408] as const) expect(catalogue[status].replaySafety).toBe('safe');
    for (const status of [499, 500, 502, 504, 520, 524] as const)
      expect(catalogue[status].replaySafety).toBe('ambiguous');
  });

  it('answers undefined for undocumented statuses', () => {
    expect(isCatalogueStatus(418)).toBe(false);
    expect(getEntry(418)).toBeUndefined();
    expect(getEntry(undefined)).toBeUndefined();
    expect(getEntry(402, 'zh')?.title).toBe('需要付款');
  });
});
