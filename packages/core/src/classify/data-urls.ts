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

/** The `<type>` of `data:<type>;base64,`. */
const MEDIA_TYPE = /^[a-z]{1,20}\/[a-z0-9.+-]{1,60}$/i;
/** The base64 alphabets (standard and URL-safe), then at most two padding characters. */
const VALID = /^[A-Za-z0-9+/_-]*={0,2}$/;
/** The base64 alphabets without padding: the start of a long payload. */
const BODY = /^[A-Za-z0-9+/_-]*$/;
/** Payloads longer than this are checked at their two ends only (where cut-offs and stray text are). */
const FULL_CHECK_CHARS = 64 * 1024;
const END_CHARS = 4 * 1024;
/** At most this many data URLs are read in one body, and this many `;base64,` markers looked at. */
const MAX_DATA_URLS = 32;
const MAX_MARKERS = 256;

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
 * the closing quote of its JSON string, or at the end of the text (a string value).
 */
function faultAt(text: string, start: number, declared: string): DataUrlFault | undefined {
  const quote = text.indexOf('"', start);
  const end = quote < 0 ? text.length : quote;
  const size = end - start;
  // JSON escapes of line breaks and slashes (MIME base64 wraps its lines): read as what they encode.
  // (indexOf: forward scans run at memory speed, backward ones do not.)
  const backslash = text.indexOf('\\', start);
  const escaped = backslash >= 0 && backslash < end;
  const clean = (value: string): string =>
    escaped ? value.replace(/\\[nr]|[\r\n]/g, '').replace(/\\\//g, '/') : value;
  let head: string;
  let invalid: boolean;
  if (size <= FULL_CHECK_CHARS) {
    head = clean(text.slice(start, end));
    const length = head.length;
    invalid =
      !VALID.test(head) || length === 0 || length % 4 === 1 || (head.endsWith('=') && length % 4 !== 0);
  } else {
    head = clean(text.slice(start, start + END_CHARS));
    const tail = clean(text.slice(end - END_CHARS, end));
    invalid =
      !BODY.test(head) ||
      !VALID.test(tail) ||
      (!escaped && (size % 4 === 1 || (tail.endsWith('=') && size % 4 !== 0)));
  }
  // Stray characters (a space, a quote inside), nothing at all, or a length no base64 text can have.
  if (invalid) return { kind: 'invalid_base64', declared };
  const expected = known[declared];
  if (expected === undefined) return undefined;
  const bytes = firstBytes(head);
  const actual = bytes === undefined ? undefined : sniff(bytes);
  // Bytes we cannot name are left to the server: only a known signature contradicts a declared type.
  return actual !== undefined && actual !== expected
    ? { kind: 'type_mismatch', declared, actual }
    : undefined;
}

/** The faults of every base64 data URL in a text (a JSON body, or one string value), in order. */
export function dataUrlFaults(text: string): DataUrlFault[] {
  const faults: DataUrlFault[] = [];
  const marker = ';base64,';
  let examined = 0;
  let markers = 0;
  // indexOf, not a regular expression over the body: a megabyte image costs a few scans at memory
  // speed; real requests carry a few images, and a hostile body of thousands of markers costs no
  // more than MAX_MARKERS short looks back.
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) {
    markers += 1;
    if (markers > MAX_MARKERS || examined >= MAX_DATA_URLS) break;
    const window = text.slice(Math.max(0, at - 90), at);
    const scheme = window.lastIndexOf('data:');
    const declared = scheme < 0 ? undefined : window.slice(scheme + 5);
    if (declared === undefined || !MEDIA_TYPE.test(declared)) continue;
    // Only a data URL that is a whole value (the text itself, or a JSON string that starts with it):
    // one quoted inside a prompt's prose is words, not data the server decodes.
    const begins = at - (window.length - scheme);
    if (begins > 0 && text[begins - 1] !== '"') continue;
    examined += 1;
    const fault = faultAt(text, at + marker.length, declared.toLowerCase());
    if (fault) faults.push(fault);
  }
  return faults;
}
