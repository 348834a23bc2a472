import type { AgnesFailure } from '@agnes-errors/core';
import fc from 'fast-check';

/**
 * Pieces that make regular expressions backtrack: whitespace runs, unclosed tags, quotes and
 * escapes, brackets, and the words the diagnoses look for.
 */
export const adversarialPieces: readonly string[] = [
  ' ',
  '   ',
  '\t',
  '\n',
  '<title',
  '<title>',
  '</title',
  '<h1',
  '<',
  '>',
  '"',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ':',
  '(',
  ')',
  'request id',
  'request_id: ',
  '（request id：',
  'sk-',
  'Bearer ',
  'model',
  'max_tokens',
  'n ',
  '65536',
  'multiple of 16',
  'data:image/png;base64,',
  'AAAA',
  '上下文',
  'a',
];

/** Text of up to 20,000 adversarial pieces (about 100 KB). */
export const adversarialText: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...adversarialPieces), { maxLength: 20_000, size: 'max' })
  .map((pieces) => pieces.join(''));

/** Adversarial text where a hostile server or client puts it: body, message, headers, client error, URL. */
export const adversarialFailure: fc.Arbitrary<AgnesFailure> = fc
  .tuple(adversarialText, fc.integer({ min: 0, max: 5 }))
  .map(([text, place]): AgnesFailure => {
    const base: AgnesFailure = {
      status: 500,
      method: 'POST',
      url: 'https://apihub.agnes-ai.com/v1/chat/completions',
      requestHeaders: { authorization: 'Bearer sk-linear0123456789abcdef' },
    };
    switch (place) {
      case 0:
        return { ...base, responseBody: text };
      case 1:
        return {
          ...base,
          responseBody: JSON.stringify({ error: { message: text, code: text, type: text } }),
        };
      case 2:
        return { ...base, responseBody: `<html><title>${text}` };
      case 3:
        return { ...base, responseHeaders: { 'x-request-id': text, 'retry-after': text, ratelimit: text } };
      case 4:
        return { ...base, status: undefined, condition: 'network', errorMessage: text, errorCode: text };
      default:
        return { ...base, url: `https://apihub.agnes-ai.com/v1/${text}` };
    }
  });

/** Fixed 1 MB inputs of the shapes that were super-linear once. */
export const megabyteFailures: readonly { readonly name: string; readonly failure: AgnesFailure }[] = [
  [
    '1 MB of whitespace inside a provider message',
    JSON.stringify({ error: { message: `x${' '.repeat(1 << 20)}y` } }),
  ],
  ['1 MB of repeated <title', '<html>'.concat('<title'.repeat(1 << 17))],
  ['1 MB of quotes', '{"error":{"message":"'.concat('\\"'.repeat(1 << 19))],
  ['1 MB of nested brackets', '['.repeat(1 << 20)],
  ['1 MB of request-id fragments', 'request id: '.repeat(1 << 16)],
].map(([name, responseBody]) => ({
  name: name as string,
  failure: { status: 500, responseBody, responseHeaders: { 'x-request-id': ' '.repeat(1 << 20) } },
}));

const toBase64 = (text: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(text)));
const toBase64Url = (text: string): string =>
  toBase64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** Every way a key could show in output: itself, its encodings, and any 12 characters of it in a row. */
export function keyLeaks(key: string): string[] {
  const run = Math.min(12, key.length);
  const fragments = new Set<string>();
  for (let start = 0; start + run <= key.length; start += 1) fragments.add(key.slice(start, start + run));
  return [...fragments, encodeURIComponent(key), toBase64(key), toBase64Url(key)];
}

/** How a provider (or a proxy in front of it) can echo the key back. */
export const keyEchoes: Readonly<Record<string, (key: string) => string>> = {
  verbatim: (key) => key,
  base64: (key) => toBase64(`{"key":"${key}"}`),
  base64url: (key) => toBase64Url(`Bearer ${key}`),
  urlEncoded: (key) => encodeURIComponent(key),
  lineBroken: (key) => `${key.slice(0, 5)}\n${key.slice(5)}`,
  spaced: (key) => `${key.slice(0, 4)} ${key.slice(4, 9)}  ${key.slice(9)}`,
};

const keyCharacters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/=!$*'];

/** Keys as users have them, and keys of any shape that can sit in an Authorization header. */
export const apiKeys: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^sk-[A-Za-z0-9]{20,48}$/),
  fc.stringMatching(/^cpk-[A-Za-z0-9_-]{20,48}$/),
  fc.string({ unit: fc.constantFrom(...keyCharacters), minLength: 8, maxLength: 64 }),
);
