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

const megabyte = 1 << 20;
const imagePayload = `data:image/png;base64,${'iVBORw0KGgo'.repeat(Math.floor(megabyte / 11))}`;
const chatWithImage = JSON.stringify({
  model: 'agnes-2.5-flash',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: imagePayload } },
      ],
    },
  ],
  max_tokens: 100000,
  n: 1,
});
const manyMessages = JSON.stringify({
  model: 'agnes-2.5-flash',
  messages: Array.from({ length: 16_000 }, (_, index) => ({
    role: index % 2 === 0 ? 'user' : 'assistant',
    content: `message ${index}: ${'a nested {"json": [1, 2, {"deep": "text"}]} value '.slice(0, 40)}`,
  })),
  max_tokens: 100000,
});

/**
 * Request bodies of about 1 MB (and one of 10 MB) that a classification must read with a bound:
 * brackets, deep nesting, a realistic chat request with a base64 image, many messages, a truncated
 * body, and the same as bytes and as an object. `expect` says what a diagnosis must still find.
 */
export const megabyteRequestBodies: readonly {
  readonly name: string;
  readonly failure: AgnesFailure;
  readonly expect: { readonly reason: string; readonly details?: Readonly<Record<string, unknown>> };
}[] = [
  {
    name: '1 MB of [ as the request body',
    failure: { status: 400, requestBody: '['.repeat(megabyte) },
    expect: { reason: 'bad_request' },
  },
  {
    name: '1 MB of nested arrays inside a chat request',
    failure: {
      status: 400,
      requestBody: `{"model":"agnes-2.5-flash","messages":${'['.repeat(megabyte / 2)}${']'.repeat(megabyte / 2)},"max_tokens":100000}`,
    },
    expect: { reason: 'max_tokens_too_large', details: { maxTokens: 100000 } },
  },
  {
    name: 'a 1 MB chat request with a base64 image, max_tokens after the image',
    failure: { status: 400, requestBody: chatWithImage },
    expect: { reason: 'max_tokens_too_large', details: { maxTokens: 100000 } },
  },
  {
    name: 'the same request as bytes',
    failure: { status: 400, requestBody: new TextEncoder().encode(chatWithImage) },
    expect: { reason: 'max_tokens_too_large', details: { maxTokens: 100000 } },
  },
  {
    name: 'the same request as an object',
    failure: { status: 400, requestBody: JSON.parse(chatWithImage) as unknown },
    expect: { reason: 'max_tokens_too_large', details: { maxTokens: 100000 } },
  },
  {
    name: 'a 1 MB chat request with 16,000 messages of nested JSON text',
    failure: { status: 400, requestBody: manyMessages },
    expect: { reason: 'max_tokens_too_large', details: { maxTokens: 100000 } },
  },
  {
    name: 'a 1 MB chat request cut short (not JSON)',
    failure: {
      status: 400,
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: chatWithImage.slice(0, megabyte - 10),
    },
    expect: { reason: 'invalid_json_body' },
  },
  {
    name: 'a 1 MB image request refused as too large',
    failure: { status: 413, requestBody: chatWithImage },
    expect: { reason: 'payload_too_large', details: { base64Images: 1 } },
  },
  {
    name: '10 MB of text as the request body',
    failure: { status: 400, requestBody: 'x'.repeat(10 * megabyte) },
    expect: { reason: 'bad_request' },
  },
  {
    name: '10 MB of { as the request body',
    failure: {
      status: 400,
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: '{'.repeat(10 * megabyte),
    },
    expect: { reason: 'invalid_json_body' },
  },
].map((entry) => ({
  ...entry,
  failure: { method: 'POST', url: 'https://apihub.agnes-ai.com/v1/chat/completions', ...entry.failure },
}));
