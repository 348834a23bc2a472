import { classify, formatAgnesMessage } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';

const latin1OfUtf8 = (text: string): string => String.fromCharCode(...new TextEncoder().encode(text));
const toBase64 = (text: string): string => btoa(latin1OfUtf8(text));

/** Every 8 characters of the key in a row that are printable ASCII: none may survive a redaction. */
function asciiRuns(key: string): string[] {
  const runs: string[] = [];
  for (let start = 0; start + 8 <= key.length; start += 1) {
    const run = key.slice(start, start + 8);
    if (/^[\x21-\x7e]+$/.test(run)) runs.push(run);
  }
  return runs;
}

/** How a server or a client may re-encode a key with characters outside printable ASCII. */
const reencodings: Readonly<Record<string, (key: string) => string>> = {
  verbatim: (key) => key,
  dropped: (key) => key.replace(/[^\x20-\x7e]/g, ''),
  replaced: (key) =>
    key.replace(/[^\x20-\x7e]/g, (character) => '\uFFFD'.repeat(new TextEncoder().encode(character).length)),
  'Latin-1 of UTF-8': (key) => latin1OfUtf8(key),
  'JSON-escaped': (key) =>
    JSON.stringify(key)
      .slice(1, -1)
      .replace(/[^\x20-\x7e]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`),
  'URL-encoded': (key) => encodeURIComponent(key),
};

const keys = [
  'sk-unicodé0123456789abcdefXYZ',
  'sk-zero\u200bwidth0123456789abcdef',
  'sk-ABCDEFGHIJ\u00a0KLMNOPQRSTUV\u200dwxyz012345',
  'клавиша-ABCDEFGHIJKLMNOP-0123456789',
];

describe('a key with characters outside printable ASCII, echoed by the server', () => {
  for (const key of keys) {
    for (const [form, encode] of Object.entries(reencodings)) {
      it(`leaves no 8 characters of ${JSON.stringify(key)} (${form})`, () => {
        const echoed = encode(key);
        const info = classify({
          status: 401,
          requestHeaders: { authorization: `Bearer ${key}` },
          responseHeaders: { 'x-request-id': echoed },
          responseBody: { error: { message: `invalid key ${echoed} given`, code: echoed.slice(0, 90) } },
        });
        const output = `${formatAgnesMessage(info)}\n${JSON.stringify(info)}`;
        for (const run of asciiRuns(key)) expect(output).not.toContain(run);
      });
    }
  }
});

describe('a key echoed in base64', () => {
  const key = 'sk-base64padding0123456789abc';
  for (const text of [key, `{"key":"${key}"}`, `Bearer ${key}`, `${key}x`, `${key}xy`]) {
    it(`removes the padding with the key (${text})`, () => {
      const echoed = toBase64(text);
      const info = classify({
        status: 401,
        requestHeaders: { authorization: `Bearer ${key}` },
        responseBody: { error: { message: `token ${echoed} rejected` } },
      });
      expect(info.providerMessage).toMatch(/\[redacted\] rejected/);
      expect(info.providerMessage).not.toMatch(/\[redacted\][A-Za-z0-9+/=]/);
    });
  }
});
