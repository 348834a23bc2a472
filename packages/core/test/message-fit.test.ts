import {
  type AgnesErrorInfo,
  agnesReasons,
  catalogue,
  classify,
  formatAgnesMessage,
} from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { describe, expect, it } from 'vitest';
import { getMessages } from '../src/messages/index.ts';

const base = 'https://apihub.agnes-ai.com/v1';
const auth = { authorization: 'Bearer sk-messagefit0123456789abcdef' };
const chat = {
  method: 'POST',
  url: `${base}/chat/completions`,
  requestHeaders: auth,
  requestBody: { model: 'agnes-2.5-flash' },
};
const tryItems = (message: string): string[] => {
  const list = message.split(/Try: |建议：/)[1] ?? '';
  return list
    .replace(/\[[^\]]*\]$/, '')
    .split(/; |；/)
    .map((item) =>
      item
        .replace(/[.。]\s*$/, '')
        .trim()
        .toLowerCase(),
    )
    .filter(Boolean);
};

describe('messages say only what fits the request', () => {
  it('a rejected key is told to check the copied key once', () => {
    const info = classify({ ...chat, status: 401, responseBody: '{"error":{"message":"Invalid token"}}' });
    expect(formatAgnesMessage(info).match(/copied/g)).toHaveLength(1);
    expect(formatAgnesMessage(info, { locale: zh }).match(/复制/g)).toHaveLength(1);
  });

  it('a plain 503 on a known model gives no model advice; an unrouted model does', () => {
    const plain = formatAgnesMessage(
      classify({ ...chat, status: 503, responseBody: '{"error":{"message":"busy"}}' }),
    );
    expect(plain).not.toMatch(/model name|fallback model|model list/);
    expect(plain).toContain('retry later');
    const unrouted = classify({
      ...chat,
      status: 503,
      responseBody: '{"error":{"message":"no available channel for model agnes-9"}}',
    });
    expect(formatAgnesMessage(unrouted)).toMatch(/fallback model/);
  });

  it('a plain 500 on a chat call gives no image or video size advice; on the images endpoint it does', () => {
    expect(formatAgnesMessage(classify({ ...chat, status: 500 }))).not.toMatch(/multiples? of (16|64)/);
    const image = classify({
      ...chat,
      status: 500,
      url: `${base}/images/generations`,
      requestBody: { model: 'agnes-image-2.5-flash' },
    });
    expect(formatAgnesMessage(image, { maxSolutions: 6 })).toMatch(/multiples of 16/);
  });

  it('never shows the same fix twice, for every reason, status and locale', () => {
    for (const locale of ['en', zh] as const) {
      const messages = getMessages(typeof locale === 'string' ? locale : locale.locale);
      for (const status of Object.values(catalogue).map((entry) => entry.status)) {
        for (const reason of agnesReasons) {
          const text = messages.reasons[reason]({});
          const info = {
            ...classify({ ...chat, status }, { locale }),
            reason,
            hints: [{ reason, message: text.cause, fix: text.fix, details: {} }],
          } as AgnesErrorInfo;
          const items = tryItems(formatAgnesMessage(info, { maxSolutions: 10 }));
          expect(new Set(items).size, `${status} ${reason}`).toBe(items.length);
        }
      }
    }
  });
});
