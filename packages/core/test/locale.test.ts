import { classify, formatAgnesMessage, getEntry } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { resolveLocale } from '../src/locale.ts';

// This file never imports '@agnes-errors/core/zh': English-only applications do not load Chinese.
describe('locales are opt-in', () => {
  it('falls back to English for a locale that was not registered', async () => {
    expect(resolveLocale('zh')).toBe('en');
    const info = classify({ status: 402 }, { locale: 'zh' });
    expect(info.locale).toBe('en');
    expect(formatAgnesMessage(info, { locale: 'zh' })).toMatch(/^Agnes API 402 Payment Required/);
    expect(getEntry(402, 'zh')?.title).toBe('Payment Required');
  });

  it('speaks Chinese once @agnes-errors/core/zh is imported', async () => {
    const { zh } = await import('@agnes-errors/core/zh');
    expect(zh.locale).toBe('zh');
    expect(resolveLocale('zh')).toBe('zh');
    expect(formatAgnesMessage(classify({ status: 402 }, { locale: 'zh' }))).toMatch(
      /^Agnes API 402 需要付款：/,
    );
  });
});
