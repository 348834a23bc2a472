import { bodyToText } from './parse-body.ts';

/** What the classifier learns from the request that failed. */
export interface RequestFacts {
  /** Parsed JSON body when it was an object. */
  readonly json: Readonly<Record<string, unknown>> | undefined;
  /** The body was a string or bytes that did not parse as JSON although it looked like it should. */
  readonly invalidJson: boolean;
  readonly bodyBytes: number | undefined;
  readonly base64Images: number;
  readonly base64Bytes: number;
  /** The raw text of the body (bounded), for token estimates. */
  readonly text: string | undefined;
}

const BASE64_IMAGE = /data:(?:image|video|audio)\/[a-z0-9.+-]+;base64,([A-Za-z0-9+/=]+)/g;

function byteLength(body: unknown, text: string | undefined): number | undefined {
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (body instanceof Uint8Array) return body.byteLength;
  if (body instanceof ArrayBuffer) return body.byteLength;
  if (typeof (body as { size?: unknown } | null)?.size === 'number') return (body as { size: number }).size;
  return text === undefined ? undefined : new TextEncoder().encode(text).length;
}

/** Reads a request body of any shape; bounded, never throws. */
export function requestFacts(body: unknown, contentType: string | undefined): RequestFacts {
  let json: Record<string, unknown> | undefined;
  let invalidJson = false;
  let text: string | undefined;
  try {
    if (
      typeof body === 'object' &&
      body !== null &&
      !(body instanceof Uint8Array) &&
      !(body instanceof ArrayBuffer)
    ) {
      if (Object.getPrototypeOf(body) === Object.prototype || Array.isArray(body)) {
        json = Array.isArray(body) ? undefined : (body as Record<string, unknown>);
        text = bodyToText(body, 4 * 1024 * 1024);
      }
    } else {
      text = bodyToText(body, 4 * 1024 * 1024);
      const trimmed = text?.trim();
      const looksJson = contentType?.includes('json') || trimmed?.startsWith('{');
      if (trimmed && looksJson) {
        try {
          const parsed: unknown = JSON.parse(trimmed);
          if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
            json = parsed as Record<string, unknown>;
          }
        } catch {
          invalidJson = true;
        }
      }
    }
  } catch {
    // Unreadable body: report what we have.
  }
  let base64Images = 0;
  let base64Bytes = 0;
  if (text) {
    for (const match of text.matchAll(BASE64_IMAGE)) {
      base64Images += 1;
      base64Bytes += Math.floor(((match[1]?.length ?? 0) * 3) / 4);
    }
  }
  return { json, invalidJson, bodyBytes: byteLength(body, text), base64Images, base64Bytes, text };
}

/** A rough token count (4 characters per token; CJK 1 per character), for messages only. */
export function estimateTokens(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const cjk = text.match(/[\u3400-\u9fff\uf900-\ufaff]/g)?.length ?? 0;
  return Math.ceil(cjk + (text.length - cjk) / 4);
}
