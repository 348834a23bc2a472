import { SCAN_WINDOW, scanJsonFields } from './json-fields.ts';
import { bodyToText } from './parse-body.ts';

/** What the classifier learns from the request that failed. */
export interface RequestFacts {
  /**
   * The body's top-level fields when it was a JSON object: the object itself, or, for a text body,
   * its top-level scalars (model, sizes, limits), read with a bound (see `scanJsonFields`).
   */
  readonly json: Readonly<Record<string, unknown>> | undefined;
  /** The body was a string or bytes that did not parse as JSON although it looked like it should. */
  readonly invalidJson: boolean;
  readonly bodyBytes: number | undefined;
  readonly base64Images: number;
  readonly base64Bytes: number;
  /** The raw text of the body (bounded), for token estimates. */
  readonly text: string | undefined;
}

const MEDIA_PREFIX = /data:(?:image|video|audio)\/[a-z0-9.+-]+;base64,/y;
const NOT_ASCII = /[^\x00-\x7f]/;
/** Up to this many characters a text body is parsed whole (exact); beyond, only its ends are read. */
const PARSE_WHOLE = SCAN_WINDOW;
const TEXT_LIMIT = 4 * 1024 * 1024;

/** Whether a text has characters outside ASCII: all of a short one, 32 samples of 2 KB of a long one. */
function looksNonAscii(text: string): boolean {
  if (text.length <= PARSE_WHOLE) return NOT_ASCII.test(text);
  const samples = 32;
  const sample = 2048;
  const step = Math.floor((text.length - sample) / (samples - 1));
  for (let index = 0; index < samples; index += 1) {
    const start = index * step;
    if (NOT_ASCII.test(text.slice(start, start + sample))) return true;
  }
  return false;
}

/**
 * UTF-8 length of a text, for the size a 413 names (in KiB): its length when it is ASCII, else
 * encoded. Scanning a megabyte for a non-ASCII character costs a millisecond, so a long text is
 * sampled: a body of base64 images is ASCII, and text in another script shows up in the samples.
 */
function utf8Length(text: string): number {
  return looksNonAscii(text) ? new TextEncoder().encode(text).length : text.length;
}

function byteLength(body: unknown, text: () => string | undefined): number | undefined {
  if (typeof body === 'string') return utf8Length(body);
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (typeof (body as { size?: unknown } | null)?.size === 'number') return (body as { size: number }).size;
  const read = text();
  return read === undefined ? undefined : utf8Length(read);
}

/** The text a scan needs of a body: all of a string; of bytes, only the two windows (decoding 10 MB is not free). */
function scanText(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  const bytes =
    body instanceof ArrayBuffer ? new Uint8Array(body) : body instanceof Uint8Array ? body : undefined;
  if (!bytes) return undefined;
  const decoder = new TextDecoder();
  if (bytes.byteLength <= PARSE_WHOLE) return decoder.decode(bytes);
  // Only the two ends are scanned: spaces stand for the middle, which neither scan reaches.
  return `${decoder.decode(bytes.subarray(0, SCAN_WINDOW))}${' '.repeat(SCAN_WINDOW)}${decoder.decode(bytes.subarray(-SCAN_WINDOW))}`;
}

interface JsonFacts {
  readonly json: Readonly<Record<string, unknown>> | undefined;
  readonly invalidJson: boolean;
}

/** Top-level fields and validity of a text body: exact for a short one, from its ends for a long one. */
function jsonFacts(body: unknown, contentType: string | undefined): JsonFacts {
  const text = scanText(body);
  const trimmed = text?.trimStart();
  if (!trimmed) return { json: undefined, invalidJson: false };
  const looksJson = contentType?.includes('json') || trimmed.startsWith('{');
  if (!looksJson) return { json: undefined, invalidJson: false };
  if (trimmed.length <= PARSE_WHOLE) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      return { json: isObject ? (parsed as Record<string, unknown>) : undefined, invalidJson: false };
    } catch {
      return { json: undefined, invalidJson: true };
    }
  }
  const scanned = scanJsonFields(trimmed);
  return { json: scanned.isObject ? scanned.fields : undefined, invalidJson: scanned.invalid };
}

/**
 * Reads a request body of any shape; bounded, never throws. Each fact is read only when a diagnosis
 * asks for it, and the JSON fields with a bound, so a megabyte of request body costs a
 * classification almost nothing (the body's size, its images and its text are read only by the
 * diagnoses of a 413 or an exceeded context).
 */
export function requestFacts(body: unknown, contentType: string | undefined): RequestFacts {
  let isPlainObject = false;
  try {
    isPlainObject =
      typeof body === 'object' &&
      body !== null &&
      !(body instanceof Uint8Array) &&
      !(body instanceof ArrayBuffer) &&
      (Object.getPrototypeOf(body) === Object.prototype || Array.isArray(body));
  } catch {
    // A revoked Proxy or a throwing trap: read as nothing.
  }
  let json: JsonFacts | undefined;
  let text: { value: string | undefined } | undefined;
  let images: { count: number; bytes: number } | undefined;
  let bytes: { value: number | undefined } | undefined;
  const readJson = (): JsonFacts => {
    if (json) return json;
    try {
      json = isPlainObject
        ? { json: Array.isArray(body) ? undefined : (body as Record<string, unknown>), invalidJson: false }
        : jsonFacts(body, contentType);
    } catch {
      json = { json: undefined, invalidJson: false };
    }
    return json;
  };
  const readText = (): string | undefined => {
    if (!text) {
      let value: string | undefined;
      try {
        value = bodyToText(body, TEXT_LIMIT);
      } catch {
        value = undefined;
      }
      text = { value };
    }
    return text.value;
  };
  const readImages = (): { count: number; bytes: number } => {
    if (images) return images;
    images = { count: 0, bytes: 0 };
    const value = readText();
    // Native searches only: each data URL's payload runs to the next quote (JSON) or the end.
    for (let at = value?.indexOf('data:') ?? -1; value && at >= 0; at = value.indexOf('data:', at + 1)) {
      MEDIA_PREFIX.lastIndex = at;
      if (!MEDIA_PREFIX.test(value)) continue;
      const start = MEDIA_PREFIX.lastIndex;
      const quote = value.indexOf('"', start);
      const end = quote < 0 ? value.length : quote;
      images.count += 1;
      images.bytes += Math.floor(((end - start) * 3) / 4);
      at = end;
    }
    return images;
  };
  return {
    get json() {
      return readJson().json;
    },
    get invalidJson() {
      return readJson().invalidJson;
    },
    get bodyBytes() {
      if (!bytes) {
        try {
          bytes = { value: byteLength(body, readText) };
        } catch {
          bytes = { value: undefined };
        }
      }
      return bytes.value;
    },
    get base64Images() {
      return readImages().count;
    },
    get base64Bytes() {
      return readImages().bytes;
    },
    get text() {
      return readText();
    },
  };
}

/** A rough token count (4 characters per token; CJK 1 per character), for messages only. */
export function estimateTokens(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const cjk = text.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  return Math.ceil(cjk + (text.length - cjk) / 4);
}
