/** A top-level scalar of a JSON object: what the diagnoses read of a request (model, sizes, limits). */
export type JsonScalar = string | number | boolean | null;

/** What a bounded scan of a JSON object's text found. */
export interface ScannedFields {
  /** The top-level scalar fields found in the windows read (strings of at most 1024 characters). */
  readonly fields: Readonly<Record<string, JsonScalar>>;
  /** The text is an object whose top level the scan read from end to end. */
  readonly complete: boolean;
  /** A syntax error was seen in what was read (the text is surely not JSON). */
  readonly invalid: boolean;
  /** The text starts like a JSON object. */
  readonly isObject: boolean;
}

/** How much of each end a scan reads: enough for the fields clients put before and after a long `messages`. */
export const SCAN_WINDOW: number = 32 * 1024;
const MAX_STRING_FIELD = 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

const isSpace = (code: number): boolean => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
const SCALAR = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
const SCALAR_CHAR = /[0-9a-zA-Z.+-]/;

/** The index of the quote that closes the string opening at `start`, or -1. Native search, so linear and fast. */
function stringEnd(text: string, start: number): number {
  let at = start;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
}

/** The index of the quote that opens the string closing at `end`, or -1 (searching back). */
function stringStart(text: string, end: number, floor: number): number {
  let at = end;
  for (;;) {
    at = text.lastIndexOf('"', at - 1);
    if (at < floor) return -1;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
}

function decodeString(raw: string): string | undefined {
  if (raw.indexOf('\\') < 0) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return undefined;
  }
}

/** The end (exclusive) of the nested value opening at `start`, -1 past `limit`, -2 when malformed. */
function nestedEnd(text: string, start: number, limit: number): number {
  // A depth count, not a stack: a megabyte of `[` must cost no allocation (mixed bracket kinds are
  // left for JSON.parse to refuse; the scan only needs to find where the value ends).
  let depth = 0;
  for (let at = start; at < limit; at += 1) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      const end = stringEnd(text, at);
      if (end < 0) return end;
      at = end;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 0) return at + 1;
    }
  }
  return -1;
}

function skipSpace(text: string, at: number): number {
  let position = at;
  while (position < text.length && isSpace(text.charCodeAt(position))) position += 1;
  return position;
}

function skipSpaceBack(text: string, at: number): number {
  let position = at;
  while (position >= 0 && isSpace(text.charCodeAt(position))) position -= 1;
  return position;
}

function scalarOf(raw: string): JsonScalar | undefined {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  if (raw === 'null') return null;
  const number = Number(raw);
  return raw.length > 0 && Number.isFinite(number) ? number : undefined;
}

type Store = (name: string, value: JsonScalar) => void;

/** Reads the top level forward from the start, skipping nested values, within `limit`. */
function scanForward(text: string, limit: number, store: Store): { done: boolean; invalid: boolean } {
  let at = skipSpace(text, 1);
  if (text.charCodeAt(at) === CLOSE_BRACE) return { done: true, invalid: false };
  while (at < limit) {
    if (text.charCodeAt(at) !== QUOTE) return { done: false, invalid: true };
    const keyEnd = stringEnd(text, at);
    if (keyEnd < 0) return { done: false, invalid: keyEnd < limit && keyEnd !== -1 };
    const name = decodeString(text.slice(at, keyEnd + 1));
    at = skipSpace(text, keyEnd + 1);
    if (text.charCodeAt(at) !== COLON) return { done: false, invalid: at < text.length };
    at = skipSpace(text, at + 1);
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      const end = stringEnd(text, at);
      if (end < 0) return { done: false, invalid: false };
      if (name !== undefined && end - at <= MAX_STRING_FIELD) {
        const value = decodeString(text.slice(at, end + 1));
        if (value !== undefined) store(name, value);
      }
      at = end + 1;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      const end = nestedEnd(text, at, limit);
      if (end < 0) return { done: false, invalid: end === -2 };
      at = end;
    } else {
      SCALAR.lastIndex = at;
      const match = SCALAR.exec(text);
      if (!match) return { done: false, invalid: at < text.length };
      const value = scalarOf(match[0]);
      if (name !== undefined && value !== undefined) store(name, value);
      at += match[0].length;
    }
    at = skipSpace(text, at);
    const separator = text.charCodeAt(at);
    if (separator === CLOSE_BRACE) return { done: true, invalid: skipSpace(text, at + 1) !== text.length };
    if (separator !== COMMA) return { done: false, invalid: at < text.length };
    at = skipSpace(text, at + 1);
  }
  return { done: false, invalid: false };
}

/**
 * Reads the top level backward from the end (the fields after the last nested value), down to
 * `floor`. Stops at the first nested value: it is skipped by the forward scan, or not read.
 */
function scanBackward(text: string, floor: number, store: Store): { invalid: boolean } {
  let at = skipSpaceBack(text, text.length - 1);
  if (text.charCodeAt(at) !== CLOSE_BRACE) return { invalid: true };
  at = skipSpaceBack(text, at - 1);
  while (at > floor) {
    let value: JsonScalar | undefined;
    const code = text.charCodeAt(at);
    if (code === CLOSE_BRACE || code === CLOSE_BRACKET) return { invalid: false };
    if (code === QUOTE) {
      const start = stringStart(text, at, floor);
      if (start < 0) return { invalid: false };
      value = at - start <= MAX_STRING_FIELD ? decodeString(text.slice(start, at + 1)) : undefined;
      at = start - 1;
    } else {
      let start = at;
      while (start > floor && SCALAR_CHAR.test(text.charAt(start - 1))) start -= 1;
      value = scalarOf(text.slice(start, at + 1));
      if (value === undefined) return { invalid: true };
      at = start - 1;
    }
    at = skipSpaceBack(text, at);
    if (text.charCodeAt(at) !== COLON) return { invalid: true };
    at = skipSpaceBack(text, at - 1);
    if (text.charCodeAt(at) !== QUOTE) return { invalid: true };
    const keyStart = stringStart(text, at, floor);
    if (keyStart < 0) return { invalid: false };
    const name = decodeString(text.slice(keyStart, at + 1));
    if (name !== undefined && value !== undefined) store(name, value);
    at = skipSpaceBack(text, keyStart - 1);
    const separator = text.charCodeAt(at);
    if (separator === OPEN_BRACE) return { invalid: false };
    if (separator !== COMMA) return { invalid: true };
    at = skipSpaceBack(text, at - 1);
  }
  return { invalid: false };
}

/**
 * The top-level scalar fields of a JSON object's text, read in linear time with a bound: the first
 * and the last {@link SCAN_WINDOW} characters (a field between two long nested values, in a body
 * longer than both windows, is not seen). Never parses the whole text, so a megabyte of `[` or of
 * nested JSON costs what the windows cost. Never throws.
 */
export function scanJsonFields(text: string): ScannedFields {
  const fields: Record<string, JsonScalar> = Object.create(null) as Record<string, JsonScalar>;
  const start = skipSpace(text, 0);
  if (text.charCodeAt(start) !== OPEN_BRACE)
    return { fields, complete: false, invalid: false, isObject: false };
  const body = start === 0 ? text : text.slice(start);
  const forward = scanForward(body, Math.min(body.length, SCAN_WINDOW), (name, value) => {
    fields[name] = value;
  });
  if (forward.done || forward.invalid)
    return { fields, complete: forward.done, invalid: forward.invalid, isObject: true };
  // Later fields win, as with JSON.parse: the backward scan meets the last of a repeated name first.
  const seen = new Set<string>();
  const backward = scanBackward(body, Math.max(0, body.length - SCAN_WINDOW), (name, value) => {
    if (seen.has(name)) return;
    seen.add(name);
    fields[name] = value;
  });
  return { fields, complete: false, invalid: backward.invalid, isObject: true };
}
