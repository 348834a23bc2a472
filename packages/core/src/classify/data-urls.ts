/**
 * Base64 data URLs in a request (`data:image/png;base64,...`): whether their base64 is complete and
 * valid (the provider's 422: "Invalid base64 format"; "check whether the base64 content is complete
 * and valid"), and whether their first bytes contradict the type they declare (the provider's 415:
 * "Image, audio, or video format does not meet API requirements"). Read by the classifier after a
 * failure and by preflight before sending. Linear in the text, never throws.
 */

/** What is wrong with one data URL. */
export interface DataUrlFault {
  readonly kind: 'invalid_base64' | 'type_mismatch';
  /** The type the data URL declares. */
  readonly declared: string;
  /** The type its bytes show, for a mismatch. */
  readonly actual?: string;
}

/** `data:<type>;base64,` as it appears in a JSON text or a string value. */
const DATA_URL = /data:([a-z]{1,20}\/[a-z0-9.+-]{1,60});base64,/gi;
/** The base64 alphabets (standard and URL-safe) and padding; JSON escapes of line breaks are tolerated. */
const PAYLOAD = /(?:[A-Za-z0-9+/_-]|\\[nr/]|[\r\n])*/y;
const PADDING = /={0,2}/y;

/** File signatures (magic numbers) of the formats the provider names: PNG, JPEG, WEBP, GIF, MP4. */
function sniff(bytes: string): string | undefined {
  if (bytes.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png';
  if (bytes.startsWith('\xff\xd8\xff')) return 'image/jpeg';
  if (bytes.startsWith('GIF87a') || bytes.startsWith('GIF89a')) return 'image/gif';
  if (bytes.startsWith('RIFF') && bytes.slice(8, 12) === 'WEBP') return 'image/webp';
  if (bytes.slice(4, 8) === 'ftyp') return 'video/mp4';
  return undefined;
}

/** Declared types whose signature we know, as `sniff` names them. */
const known: Readonly<Record<string, string>> = {
  'image/png': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/jpg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/webp': 'image/webp',
  'video/mp4': 'video/mp4',
};

/** The first bytes of a base64 payload, as a binary string; `undefined` when they do not decode. */
function firstBytes(payload: string): string | undefined {
  const head = payload.slice(0, 16).replace(/-/g, '+').replace(/_/g, '/');
  if (head.length < 16) return undefined;
  try {
    return atob(head);
  } catch {
    return undefined;
  }
}

/**
 * The one fault of the data URL whose payload starts at `start` in `text`, if any. A payload ends at
 * the first character that cannot be part of it: a closing quote (JSON), or the end of the text.
 */
function faultAt(text: string, start: number, declared: string): DataUrlFault | undefined {
  PAYLOAD.lastIndex = start;
  PAYLOAD.exec(text);
  const payloadEnd = PAYLOAD.lastIndex;
  PADDING.lastIndex = payloadEnd;
  PADDING.exec(text);
  const end = PADDING.lastIndex;
  const padding = end - payloadEnd;
  const raw = text
    .slice(start, payloadEnd)
    .replace(/\\[nr/]|[\r\n]/g, (sequence) => (sequence === '\\/' ? '/' : ''));
  const next = text[end];
  // Anything but the end of the string after the payload (a space, a quote inside, a stray
  // character), nothing at all, or a length no base64 text can have: not complete, valid base64.
  const closed = next === undefined || next === '"';
  if (
    !closed ||
    raw.length === 0 ||
    raw.length % 4 === 1 ||
    (padding > 0 && (raw.length + padding) % 4 !== 0)
  )
    return { kind: 'invalid_base64', declared };
  const expected = known[declared];
  if (expected === undefined) return undefined;
  const bytes = firstBytes(raw);
  const actual = bytes === undefined ? undefined : sniff(bytes);
  // Bytes we cannot name are left to the server: only a known signature contradicts a declared type.
  return actual !== undefined && actual !== expected
    ? { kind: 'type_mismatch', declared, actual }
    : undefined;
}

/** The faults of every base64 data URL in a text (a JSON body, or one string value), in order. */
export function dataUrlFaults(text: string): DataUrlFault[] {
  const faults: DataUrlFault[] = [];
  if (!text.includes(';base64,')) return faults;
  for (const match of text.matchAll(DATA_URL)) {
    const declared = (match[1] ?? '').toLowerCase();
    const fault = faultAt(text, (match.index ?? 0) + match[0].length, declared);
    if (fault) faults.push(fault);
  }
  return faults;
}
