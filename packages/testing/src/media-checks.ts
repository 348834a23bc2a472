/**
 * The provider's checks of base64 data in a request body, as its error page describes them: 422
 * "Invalid base64 format" for base64 that is not complete and valid, 415 "Image, audio, or video
 * format does not meet API requirements" for data whose bytes are another format than it declares.
 * Strict, as a server decoder is; only data URLs that are a whole JSON string value are read.
 */

/** What the mock answers a faulty data URL with. */
export interface MediaFault {
  readonly status: 415 | 422;
  readonly en: string;
  readonly zh: string;
}

const DATA_URL = /"data:([a-z]+\/[a-z0-9.+-]+);base64,([^"]*)/gi;

const signatures: readonly [string, (bytes: Buffer) => boolean][] = [
  [
    'image/png',
    (bytes) => bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  ],
  ['image/jpeg', (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff],
  ['image/gif', (bytes) => bytes.subarray(0, 4).toString('latin1') === 'GIF8'],
  [
    'image/webp',
    (bytes) =>
      bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
      bytes.subarray(8, 12).toString('latin1') === 'WEBP',
  ],
  ['video/mp4', (bytes) => bytes.subarray(4, 8).toString('latin1') === 'ftyp'],
];

/** The first faulty data URL of a request body's text, as the provider would answer it. */
export function mediaFault(text: string): MediaFault | undefined {
  if (!text.includes(';base64,')) return undefined;
  for (const match of text.matchAll(DATA_URL)) {
    const declared = (match[1] ?? '').toLowerCase().replace('image/jpg', 'image/jpeg');
    const payload = (match[2] ?? '').replace(/\\[nr]/g, '');
    if (payload.length === 0 || payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(payload))
      return { status: 422, en: 'Invalid base64 format', zh: 'base64 格式无效' };
    const bytes = Buffer.from(payload.slice(0, 16), 'base64');
    const actual = signatures.find(([, test]) => test(bytes))?.[0];
    const known = signatures.some(([type]) => type === declared);
    if (known && actual !== undefined && actual !== declared)
      return {
        status: 415,
        en: `Unsupported media type: the data is not ${declared}`,
        zh: `不支持的媒体类型：数据不是 ${declared}`,
      };
  }
  return undefined;
}
