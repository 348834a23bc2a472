import { type DataUrlFault, dataUrlFaults } from '../classify/data-urls.ts';
import { missingParameter } from '../classify/diagnose.ts';
import type { PreflightRuleName } from '../types/preflight.ts';
import type { RequestView } from './request-view.ts';

/**
 * The preflight rules. Each refuses only what the provider documents it rejects (the error page,
 * `../shared/seed/agnes-error-codes.txt`, and the provider's published limits), names the status
 * that rejection comes with, and never refuses an unknown endpoint, an unknown field or a method it
 * does not know. The call classifies the request as the server's rejection would be classified, so
 * the reason of a refusal is the reason of that rejection.
 */
export interface PreflightRule {
  readonly name: PreflightRuleName;
  /** The status the provider rejects such a request with. */
  readonly status: number;
  /** `refuse` when the request would certainly fail, `warn` when the client may repair it. */
  check(view: RequestView): 'refuse' | 'warn' | undefined;
}

/** Endpoints whose request bodies the rules know (the provider documents their parameters). */
const bodyEndpoints = new Set(['chat', 'responses', 'images', 'video_create']);

/** Endpoints whose method the rules know: `POST` for chat, responses and images, `GET` for the rest. */
const methodEndpoints = new Set(['chat', 'responses', 'images', 'models', 'video_status']);

/**
 * Request headers larger than this are refused. The provider does not document its limit (431:
 * "Too much content is included in the Header"); this one is above the common front servers'
 * (Node 16 KiB, Vercel 32 KiB, Fastly 69 KB), so only headers no such server accepts are refused.
 */
const maxHeaderBytes: number = 128 * 1024;

/** The documented `max_tokens` ceiling: "max_tokens 不能超过 65536". */
const maxTokensLimit = 65_536;

/** Video v2.0: `num_frames` at most 441, of the form 8n+1. */
const maxVideoFrames = 441;

function jsonOf(view: RequestView): Readonly<Record<string, unknown>> | undefined {
  return view.method === 'POST' && bodyEndpoints.has(view.kind) ? view.body.json : undefined;
}

/** A body of a known endpoint whose data URLs can be read: parsed, or too large to parse but text. */
function scannable(view: RequestView): boolean {
  if (view.method !== 'POST' || !bodyEndpoints.has(view.kind)) return false;
  const { json, text, invalidJson } = view.body;
  return json !== undefined || (text !== undefined && !invalidJson);
}

function numberOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Width and height from `size: "WxH"`, or (`sides`) from `width` and `height`; `undefined` when not
 * both are known. Images take `size` only: their `width`/`height` are not documented.
 */
function dimensions(
  json: Readonly<Record<string, unknown>>,
  sides: boolean,
): readonly [number, number] | undefined {
  const size = typeof json.size === 'string' ? /^\s*(\d{1,6})\s*[x×]\s*(\d{1,6})\s*$/i.exec(json.size) : null;
  const width = size ? Number(size[1]) : sides ? numberOf(json.width) : undefined;
  const height = size ? Number(size[2]) : sides ? numberOf(json.height) : undefined;
  return width === undefined || height === undefined ? undefined : [width, height];
}

/** Every string in a parsed body (a client's `json` option), bounded, for the data-URL scan. */
function stringsIn(value: unknown, found: string[], budget = { nodes: 10_000 }, depth = 0): string[] {
  if (budget.nodes-- <= 0 || depth > 16) return found;
  if (typeof value === 'string') {
    if (value.startsWith('data:')) found.push(value);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Array.isArray(value) ? value : Object.values(value))
      stringsIn(item, found, budget, depth + 1);
  }
  return found;
}

/** Faults of the body's base64 data URLs, read once per view. */
const dataUrlCache = new WeakMap<RequestView, readonly DataUrlFault[]>();
function dataUrlFaultsOf(view: RequestView): readonly DataUrlFault[] {
  const cached = dataUrlCache.get(view);
  if (cached) return cached;
  const { json, text } = view.body;
  const faults =
    text !== undefined
      ? dataUrlFaults(text)
      : json !== undefined
        ? stringsIn(json, []).flatMap((value) => dataUrlFaults(value))
        : [];
  dataUrlCache.set(view, faults);
  return faults;
}

/** The Authorization header without the whitespace at its ends (which clients strip before sending). */
function authorizationOf(view: RequestView): { raw: string; value: string } | undefined {
  const raw = view.headers.get('authorization');
  return raw === undefined ? undefined : { raw, value: raw.trim() };
}

/** The rules, in the order a server meets the faults: headers, the key, the URL, the method, the body. */
export const preflightRules: readonly PreflightRule[] = [
  {
    // 431: "Too much content is included in the Header"; "Cookie or custom Header is too large".
    name: 'headers_too_large',
    status: 431,
    check: (view) => (view.headerBytes > maxHeaderBytes ? 'refuse' : undefined),
  },
  {
    // 401: "Missing Authorization field in the request Header" (an x-api-key header is the Anthropic
    // dialect's key; "Bearer" with nothing after it is an unset key).
    name: 'missing_authorization',
    status: 401,
    check: (view) => {
      const auth = authorizationOf(view);
      if (auth === undefined) return view.headers.has('x-api-key') ? undefined : 'refuse';
      return /^Bearer$/i.test(auth.value) || auth.value === '' ? 'refuse' : undefined;
    },
  },
  {
    // Auth is `Authorization: Bearer KEY` (the provider's docs); 401: "API Key is not configured
    // correctly". A header of another scheme, or with more than one space after Bearer, is refused.
    name: 'malformed_authorization',
    status: 401,
    check: (view) => {
      const auth = authorizationOf(view);
      if (auth === undefined || auth.value === '' || /^Bearer$/i.test(auth.value)) return undefined;
      return /^Bearer \S/i.test(auth.value) ? undefined : 'refuse';
    },
  },
  {
    // 401: "Check whether the API Key was copied completely": whitespace or quotes inside the key are
    // sent and rejected; whitespace at the ends of the header is stripped by clients: a warning only.
    name: 'api_key_whitespace',
    status: 401,
    check: (view) => {
      const auth = authorizationOf(view);
      const token = auth && /^Bearer (\S.*)$/is.exec(auth.value)?.[1];
      if (token && /[\s"'`]/.test(token)) return 'refuse';
      return auth !== undefined && auth.raw !== auth.value ? 'warn' : undefined;
    },
  },
  {
    // 404: "/v1 is duplicated by a third-party tool".
    name: 'duplicated_v1',
    status: 404,
    check: (view) => (view.kind !== 'other' && /\/v1\/v1(\/|$)/.test(view.path ?? '') ? 'refuse' : undefined),
  },
  {
    // 405: "GET is used when POST is required", "POST is used when GET is required"; the documented
    // methods: POST chat/completions, responses, images/generations; GET models and video status.
    // Other methods (PUT, DELETE, OPTIONS...) and other endpoints are left to the server.
    name: 'wrong_method',
    status: 405,
    check: (view) => {
      if (!methodEndpoints.has(view.kind) || (view.method !== 'GET' && view.method !== 'POST'))
        return undefined;
      if (view.kind === 'images' && !/\/images\/generations\/?$/.test(view.path ?? '')) return undefined;
      return view.expectedMethod !== undefined && view.method !== view.expectedMethod ? 'refuse' : undefined;
    },
  },
  {
    // 400: "Invalid request body format"; "Verify that the JSON format is valid".
    name: 'invalid_json_body',
    status: 400,
    check: (view) =>
      view.method === 'POST' && bodyEndpoints.has(view.kind) && view.body.invalidJson ? 'refuse' : undefined,
  },
  {
    // 400: "Missing required parameters"; chat needs model and messages, images model and prompt,
    // videos and responses a model.
    name: 'missing_parameter',
    status: 400,
    check: (view) => {
      const json = jsonOf(view);
      return json && missingParameter(json, view.kind, view.path) !== undefined ? 'refuse' : undefined;
    },
  },
  {
    // "n must be 1" (400, "n 必须为 1"), on the endpoints that take n.
    name: 'n_must_be_1',
    status: 400,
    check: (view) => {
      const json = view.kind === 'chat' || view.kind === 'images' ? jsonOf(view) : undefined;
      const n = numberOf(json?.n);
      return n !== undefined && n !== 1 ? 'refuse' : undefined;
    },
  },
  {
    // "max_tokens must not exceed 65536" (400, "max_tokens 不能超过 65536").
    name: 'max_tokens_too_large',
    status: 400,
    check: (view) => {
      const json = view.kind === 'chat' ? jsonOf(view) : undefined;
      const maxTokens = numberOf(json?.max_tokens);
      return maxTokens !== undefined && maxTokens > maxTokensLimit ? 'refuse' : undefined;
    },
  },
  {
    // Video v2.0: num_frames at most 441 and of the form 8n+1 (400); documented for v2.0 only.
    name: 'video_frames_invalid',
    status: 400,
    check: (view) => {
      const json = view.kind === 'video_create' ? jsonOf(view) : undefined;
      const frames = numberOf(json?.num_frames);
      if (frames === undefined || typeof json?.model !== 'string' || !/v2\.0\b/.test(json.model))
        return undefined;
      return frames > maxVideoFrames || frames < 1 || (frames - 1) % 8 !== 0 ? 'refuse' : undefined;
    },
  },
  {
    // 422: "Invalid base64 format"; "Check whether the base64 content is complete and valid".
    name: 'invalid_base64',
    status: 422,
    check: (view) =>
      scannable(view) && dataUrlFaultsOf(view).some((fault) => fault.kind === 'invalid_base64')
        ? 'refuse'
        : undefined,
  },
  {
    // 415: "Image, audio, or video format does not meet API requirements"; "Check the uploaded file
    // format": a data URL whose bytes (PNG, JPEG, WEBP, GIF, MP4 signatures) are another format.
    name: 'unsupported_content_type',
    status: 415,
    check: (view) =>
      scannable(view) && dataUrlFaultsOf(view).some((fault) => fault.kind === 'type_mismatch')
        ? 'refuse'
        : undefined,
  },
  {
    // 500: "Image generation dimensions must be multiples of 16".
    name: 'image_size_not_multiple_of_16',
    status: 500,
    check: (view) => {
      const json = view.kind === 'images' ? jsonOf(view) : undefined;
      const size = json && dimensions(json, false);
      return size && (size[0] % 16 !== 0 || size[1] % 16 !== 0) ? 'refuse' : undefined;
    },
  },
  {
    // 500: "Video generation dimensions must be multiples of 64".
    name: 'video_size_not_multiple_of_64',
    status: 500,
    check: (view) => {
      const json = view.kind === 'video_create' ? jsonOf(view) : undefined;
      const size = json && dimensions(json, true);
      return size && (size[0] % 64 !== 0 || size[1] % 64 !== 0) ? 'refuse' : undefined;
    },
  },
];
