import { isStreamBody } from '../util/stream-body.ts';

/**
 * Longest body prefix the classifier reads: provider error bodies are well under 1 KB and edge pages
 * about 5 KB, with the title near the top; a hostile body costs no more than this.
 */
export const MAX_BODY_CHARS: number = 16 * 1024;

/** What a provider error body said, in whichever shape it came. */
export interface ParsedBody {
  readonly message: string | undefined;
  readonly type: string | undefined;
  readonly code: string | undefined;
  readonly param: string | undefined;
  /** True when the body was an HTML page (edge error pages). */
  readonly html: boolean;
  /** The parsed JSON value, when the body was JSON. */
  readonly json: unknown;
}

const empty: ParsedBody = {
  message: undefined,
  type: undefined,
  code: undefined,
  param: undefined,
  html: false,
  json: undefined,
};

/** Body as text, bounded; `undefined` when it is not text-like. Never throws. */
export function bodyToText(body: unknown, limit: number = MAX_BODY_CHARS): string | undefined {
  try {
    if (typeof body === 'string') return body.slice(0, limit);
    if (body instanceof Uint8Array)
      return new TextDecoder().decode(body.subarray(0, limit * 4)).slice(0, limit);
    if (body instanceof ArrayBuffer) return bodyToText(new Uint8Array(body), limit);
    if (typeof body === 'object' && body !== null && !isStreamBody(body))
      return JSON.stringify(body).slice(0, limit);
  } catch {
    // Cyclic or exotic object: nothing to read.
  }
  return undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function fromObject(json: unknown): ParsedBody {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const first = Array.isArray(json) ? json[0] : undefined;
    return first && typeof first === 'object' ? fromObject(first) : { ...empty, json };
  }
  const record = json as Record<string, unknown>;
  const inner = record.error;
  if (typeof inner === 'object' && inner !== null) {
    const error = inner as Record<string, unknown>;
    return {
      message: asText(error.message) ?? asText(error.msg) ?? asText(record.message),
      type: asText(error.type),
      code: asText(error.code) ?? asText(record.code),
      param: asText(error.param),
      html: false,
      json,
    };
  }
  return {
    message: asText(inner) ?? asText(record.message) ?? asText(record.msg) ?? asText(record.detail),
    type: asText(record.type),
    code: asText(record.code) ?? asText(record.error_code),
    param: asText(record.param),
    html: false,
    json,
  };
}

/** Pulls `"message":"..."` out of JSON that was cut short or is otherwise broken. */
function fromBrokenJson(text: string): ParsedBody {
  const field = (name: string): string | undefined => {
    const match = new RegExp(`"${name}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)`).exec(text);
    if (!match?.[1]) return undefined;
    try {
      return JSON.parse(`"${match[1]}"`) as string;
    } catch {
      return match[1];
    }
  };
  const code = field('code') ?? /"code"\s*:\s*(\d+)/.exec(text)?.[1];
  return { ...empty, message: field('message'), type: field('type'), code, param: field('param') };
}

/** The text between `<tag ...>` and `</tag>`, found with indexOf: linear whatever the page holds. */
function elementText(text: string, lower: string, tag: string): string | undefined {
  const open = lower.indexOf(`<${tag}`);
  if (open < 0) return undefined;
  const start = lower.indexOf('>', open);
  if (start < 0) return undefined;
  const end = lower.indexOf(`</${tag}`, start);
  return text.slice(start + 1, end < 0 ? start + 1 + 4000 : Math.min(end, start + 1 + 4000));
}

function fromHtml(text: string): ParsedBody {
  const lower = text.toLowerCase();
  const clean = (value: string | undefined): string | undefined =>
    value
      ?.replace(/<[^<>]{0,500}>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim() || undefined;
  return {
    ...empty,
    message: clean(elementText(text, lower, 'title')) ?? clean(elementText(text, lower, 'h1')),
    html: true,
  };
}

/**
 * Reads a provider error body in the shapes users meet: new-api/OpenAI `{"error":{...}}`,
 * LiteLLM, OpenRouter, flat `{message, code}`, plain text, HTML edge pages, broken JSON.
 * Never throws.
 */
export function parseBody(body: unknown): ParsedBody {
  if (body === undefined || body === null) return empty;
  if (typeof body === 'object' && !(body instanceof Uint8Array) && !(body instanceof ArrayBuffer)) {
    if (isStreamBody(body)) return empty;
    return fromObject(body);
  }
  const text = bodyToText(body)?.trim();
  if (!text) return empty;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return fromObject(JSON.parse(text));
    } catch {
      return fromBrokenJson(text);
    }
  }
  if (/^<(!doctype|html|head|body|\?xml)/i.test(text) || /<\/(html|body|title)>/i.test(text))
    return fromHtml(text);
  return { ...empty, message: text.replace(/\s+/g, ' ') };
}
