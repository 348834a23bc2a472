import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicErrorBody, anthropicErrorType, anthropicStreamError, messagesPath } from './anthropic.ts';
import { mediaFault } from './media-checks.ts';
import { defaultMessage, edgePage, errorBody, newRequestId } from './provider.ts';
import { RateWindow } from './rate-window.ts';
import { AgnesRoutes, type Reply } from './routes.ts';
import { ScriptQueue } from './script-queue.ts';
import { seededRandom } from './seeded-random.ts';
import type { MockAgnes, MockAgnesOptions, MockStep, ProviderLocale, RecordedRequest } from './types.ts';

type RouteName =
  | 'chat'
  | 'messages'
  | 'responses'
  | 'models'
  | 'images'
  | 'createVideo'
  | 'pollVideo'
  | 'pollVideoLegacy';

const routeTable: readonly [string, RegExp, RouteName][] = [
  ['POST', /^\/v1\/chat\/completions\/?$/, 'chat'],
  ['POST', /^\/v1\/responses\/?$/, 'responses'],
  ['POST', messagesPath, 'messages'],
  ['GET', /^\/v1\/models\/?$/, 'models'],
  ['POST', /^\/v1\/images\/generations\/?$/, 'images'],
  ['POST', /^\/v1\/videos\/?$/, 'createVideo'],
  ['GET', /^\/v1\/videos\/[^/]+\/?$/, 'pollVideoLegacy'],
  ['GET', /^\/agnesapi\/?$/, 'pollVideo'],
];

function redactAuthorization(value: string): string {
  const match = /^(\S+)\s+(.*)$/.exec(value);
  if (!match) return '[redacted]';
  const key = match[2] ?? '';
  const prefix = /^(sk|cpk)-/.exec(key)?.[0] ?? '';
  return `${match[1]} ${prefix}[redacted]`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Response headers a browser page may read: the ones the library diagnoses with. */
const exposedHeaders = [
  'x-oneapi-request-id',
  'x-request-id',
  'retry-after',
  'retry-after-ms',
  'ratelimit',
  'ratelimit-policy',
  'x-ratelimit-limit-requests',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-reset-requests',
  'x-ratelimit-reset',
  'cf-ray',
  'request-id',
  'anthropic-ratelimit-requests-limit',
  'anthropic-ratelimit-requests-remaining',
  'anthropic-ratelimit-requests-reset',
].join(', ');

/** What an error answer may add to the provider's error body. */
interface ErrorExtra {
  readonly type?: string;
  readonly code?: string | number | undefined;
  readonly param?: string | undefined;
  readonly headers?: Record<string, string>;
}

/** A request's body and headers as read off the wire. */
interface ReadRequest {
  readonly record: RecordedRequest;
  readonly url: URL;
  readonly text: string;
  readonly tooLarge: boolean;
  readonly headerBytes: number;
}

/**
 * A real HTTP server that speaks the Agnes API routes and fails on demand: scripted steps first,
 * then seeded random faults, then the provider's own checks (body and header size, the key, the RPM
 * window, the JSON body) and the routes. Every request is recorded; `close()` leaves nothing running.
 */
class MockAgnesServer implements MockAgnes {
  readonly requests: RecordedRequest[] = [];
  readonly baseURL: string;
  readonly origin: string;
  readonly port: number;
  readonly #options: MockAgnesOptions;
  readonly #locale: ProviderLocale;
  readonly #routes: AgnesRoutes;
  readonly #scripts = new ScriptQueue();
  readonly #rate: RateWindow;
  readonly #faultRandom: () => number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #server: Server;
  #working = 0;
  #peakWorking = 0;

  /** Starts listening; resolves once the port is bound. */
  static async start(options: MockAgnesOptions): Promise<MockAgnesServer> {
    const server = createServer({ maxHeaderSize: 1024 * 1024, keepAliveTimeout: 5_000 });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return new MockAgnesServer(server, options);
  }

  private constructor(server: Server, options: MockAgnesOptions) {
    this.#server = server;
    this.#options = options;
    this.#locale = options.locale ?? 'en';
    this.#routes = new AgnesRoutes(
      { imageSize: true, videoSize: true, n: true, maxTokens: true, model: true, ...options.checks },
      this.#locale,
      options.unknownModelStatus ?? 503,
      options.videoPollsPerState ?? 1,
    );
    this.#rate = new RateWindow(options.rpm, options.rpmWindowMs ?? 60_000);
    this.#faultRandom = seededRandom(options.faults?.seed ?? 1);
    for (const [route, steps] of Object.entries(options.script ?? {})) this.#scripts.add(route, steps);
    const { port } = server.address() as AddressInfo;
    const host = options.host ?? '127.0.0.1';
    this.port = port;
    this.origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.baseURL = `${this.origin}/v1`;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      this.#handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
    });
  }

  get working(): number {
    return this.#working;
  }

  get peakWorking(): number {
    return this.#peakWorking;
  }

  requestsTo(target: string): RecordedRequest[] {
    const [method, path] = target.includes(' ') ? target.split(' ') : [undefined, target];
    return this.requests.filter(
      (request) => request.pathname === path && (method === undefined || request.method === method),
    );
  }

  script(route: string, steps: readonly MockStep[]): void {
    this.#scripts.add(route, steps);
  }

  reset(): void {
    this.requests.length = 0;
    this.#scripts.clear();
    this.#rate.reset();
    this.#routes.reset();
    this.#peakWorking = this.#working;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** One request: record it, then the first of script, faults, provider checks and routes that answers. */
  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.#answerCors(request, response)) return;
    const read = await this.#read(request);
    const { record, url } = read;
    this.requests.push(record);
    const step = this.#scripts.take(record.method, url.pathname);
    let streamFault: Pick<Exclude<MockStep, 'ok'>, 'sseErrorAfter' | 'resetAfterChunks'> = {};
    if (step !== undefined && step !== 'ok') {
      if (step.delayMs) await this.#later(step.delayMs);
      const passThrough =
        step.status === undefined &&
        step.body === undefined &&
        !step.hang &&
        !step.reset &&
        step.trickleMs === undefined &&
        step.largeBodyBytes === undefined &&
        step.html === undefined;
      if (!passThrough) return this.#answerStep(response, record, step);
      streamFault = step;
    }
    const faults = this.#options.faults;
    if (faults && faults.statuses.length > 0 && this.#faultRandom() < faults.rate) {
      const status = faults.statuses[Math.floor(this.#faultRandom() * faults.statuses.length)] ?? 503;
      return this.#answerStep(response, record, { status });
    }
    const fault = this.#providerFault(request, read);
    if (fault) return this.#sendError(response, record, fault.status, fault.message, fault.extra);
    const body = record.method === 'POST' ? this.#jsonBody(read.text) : {};
    if (body === undefined) {
      const message = this.#locale === 'zh' ? '请求体 JSON 解析失败' : 'Invalid JSON in request body';
      return this.#sendError(response, record, 400, message);
    }
    const media = record.method === 'POST' ? mediaFault(read.text) : undefined;
    if (media)
      return this.#sendError(response, record, media.status, this.#locale === 'zh' ? media.zh : media.en);
    if (this.#options.overload && !(await this.#workUnderLoad(response, record))) return;
    // A key in x-api-key (the Messages dialect) names the same account as a Bearer token.
    const apiKey = request.headers['x-api-key'];
    const authorization =
      request.headers.authorization ?? (typeof apiKey === 'string' ? `Bearer ${apiKey}` : undefined);
    const reply = this.#route(record.method, url, body, authorization);
    if (reply === 'not_found' || reply === 'method') {
      const status = reply === 'not_found' ? 404 : 405;
      const message = `${defaultMessage(status, this.#locale)} (${record.method} ${url.pathname})`;
      return this.#sendError(response, record, status, message);
    }
    this.#sendReply(response, record, reply, streamFault);
  }

  /**
   * The overload model: the request takes longer the more requests the upstream works on; past the
   * queue limit the gateway waits out its timeout and answers 504 (the work, and the wait, wasted).
   * False when the gateway answered.
   */
  async #workUnderLoad(response: ServerResponse, record: RecordedRequest): Promise<boolean> {
    const model = this.#options.overload ?? {};
    const others = this.#working;
    this.#working += 1;
    this.#peakWorking = Math.max(this.#peakWorking, this.#working);
    try {
      if (others >= (model.queueLimit ?? 10)) {
        await this.#later(model.gatewayTimeoutMs ?? 200);
        await this.#answerStep(response, record, { status: model.status ?? 504 });
        return false;
      }
      await this.#later((model.baseLatencyMs ?? 20) + (model.perRequestMs ?? 10) * others);
      return true;
    } finally {
      this.#working -= 1;
    }
  }

  /**
   * CORS for browser tests: the allowed origin on every answer, and preflights answered at once
   * (no key asked for, nothing recorded). True when the request was a preflight and is answered.
   */
  #answerCors(request: IncomingMessage, response: ServerResponse): boolean {
    const cors = this.#options.cors;
    const origin = request.headers.origin;
    if (!cors || !origin || (cors !== true && !cors.origins.includes(origin))) return false;
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('vary', 'origin');
    response.setHeader('access-control-expose-headers', exposedHeaders);
    const preflight = request.method === 'OPTIONS' && request.headers['access-control-request-method'];
    if (!preflight) return false;
    response.writeHead(204, {
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
      'access-control-allow-headers': request.headers['access-control-request-headers'] ?? '*',
      'access-control-max-age': '600',
    });
    response.end();
    return true;
  }

  /** Reads the body (keeping at most `maxBodyBytes`) and the headers (the key redacted). */
  async #read(request: IncomingMessage): Promise<ReadRequest> {
    const maxBodyBytes = this.#options.maxBodyBytes ?? 10 * 1024 * 1024;
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://mock.invalid');
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBodyBytes) tooLarge = true;
      else chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const headers: Record<string, string> = {};
    let headerBytes = 0;
    for (const [name, value] of Object.entries(request.headers)) {
      const joined = Array.isArray(value) ? value.join(', ') : String(value ?? '');
      headerBytes += name.length + joined.length + 4;
      headers[name] =
        name === 'authorization'
          ? redactAuthorization(joined)
          : name === 'x-api-key'
            ? `${/^(sk|cpk)-/.exec(joined)?.[0] ?? ''}[redacted]`
            : joined;
    }
    const record: RecordedRequest = {
      method,
      path: `${url.pathname}${url.search}`,
      pathname: url.pathname,
      headers,
      body: text === '' ? undefined : parseJson(text),
      time: Date.now(),
      status: 0,
    };
    return { record, url, text, tooLarge, headerBytes };
  }

  /** The provider's own refusals, in its order: body size, header size, the key, the RPM window. */
  #providerFault(
    request: IncomingMessage,
    read: ReadRequest,
  ): { status: number; message: string; extra?: ErrorExtra } | undefined {
    const locale = this.#locale;
    if (read.tooLarge) return { status: 413, message: defaultMessage(413, locale) };
    if (read.headerBytes > (this.#options.maxHeaderBytes ?? 16 * 1024))
      return { status: 431, message: defaultMessage(431, locale) };
    const authFault = this.#checkAuth(request);
    if (authFault) return { status: 401, message: authFault, extra: { code: 'invalid_api_key' } };
    const waitMs = this.#rate.admit(read.record.time);
    if (waitMs === undefined) return undefined;
    // The real provider sends no Retry-After; tests of clients that honour one can ask for it.
    const headers: Record<string, string> = this.#options.rateLimitRetryAfter
      ? { 'retry-after': String(Math.ceil(waitMs / 1000)) }
      : {};
    // The Messages dialect announces its budget the Anthropic way.
    if (
      this.#options.anthropicRateLimitHeaders &&
      messagesPath.test(read.url.pathname) &&
      this.#options.rpm
    ) {
      headers['anthropic-ratelimit-requests-limit'] = String(this.#options.rpm);
      headers['anthropic-ratelimit-requests-remaining'] = '0';
      headers['anthropic-ratelimit-requests-reset'] = new Date(read.record.time + waitMs).toISOString();
    }
    return { status: 429, message: defaultMessage(429, locale, this.#options.rpm), extra: { headers } };
  }

  #checkAuth(request: IncomingMessage): string | undefined {
    const auth = this.#options.auth ?? 'any';
    if (auth === false && !this.#options.refusedKeys?.length) return undefined;
    const zh = this.#locale === 'zh';
    const header = request.headers.authorization;
    // The Messages dialect sends its key in x-api-key.
    const apiKeyHeader = request.headers['x-api-key'];
    const apiKey = typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined;
    if (header === undefined && apiKey === undefined)
      return auth === false ? undefined : zh ? '未提供令牌' : 'No token provided';
    const key = header === undefined ? apiKey : /^Bearer (\S+)$/.exec(header)?.[1];
    if (!key) return auth === false ? undefined : zh ? '无效的令牌格式' : 'Invalid token format';
    if (this.#options.refusedKeys?.includes(key))
      return zh ? '该令牌状态不可用' : 'This token has been disabled';
    if (auth === false) return undefined;
    const valid = auth === 'any' ? /^(sk|cpk)-[A-Za-z0-9_-]{8,}$/.test(key) : auth.includes(key);
    return valid ? undefined : zh ? '无效的令牌' : 'Invalid token';
  }

  /** A POST body as a JSON object; `undefined` when it is not one. */
  #jsonBody(text: string): Record<string, unknown> | undefined {
    const parsed = text === '' ? {} : parseJson(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  }

  #route(
    method: string,
    url: URL,
    body: Record<string, unknown>,
    authorization?: string,
  ): Reply | 'not_found' | 'method' {
    const routes = this.#routes;
    const known = routeTable.filter(([, pattern]) => pattern.test(url.pathname));
    const match = known.find(([routeMethod]) => routeMethod === method);
    if (!match) return known.length > 0 ? 'method' : 'not_found';
    switch (match[2]) {
      case 'chat':
        return routes.chat(body);
      case 'responses':
        return routes.responses(body);
      case 'messages':
        return routes.messages(body);
      case 'models': {
        const key = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
        return routes.models(key === undefined ? undefined : this.#options.modelsByKey?.[key]);
      }
      case 'images':
        return routes.images(body);
      case 'createVideo':
        return routes.createVideo(body);
      case 'pollVideo':
        return routes.pollVideo(url.searchParams.get('video_id'));
      case 'pollVideoLegacy':
        return routes.pollVideo(url.pathname.split('/').filter(Boolean).pop() ?? null);
    }
  }

  /** A scripted or fault answer: a reset, a hang, a raw body, an edge page or a provider error. */
  async #answerStep(
    response: ServerResponse,
    record: RecordedRequest,
    step: Exclude<MockStep, 'ok'>,
  ): Promise<void> {
    if (step.reset === 'before') {
      record.status = 0;
      response.socket?.destroy();
      return;
    }
    if (step.hang) {
      record.status = 0;
      return;
    }
    const status = step.status ?? 500;
    const headers: Record<string, string> = { ...step.headers };
    if (step.retryAfter !== undefined) headers['retry-after'] = String(step.retryAfter);
    if (step.retryAfterMs !== undefined) headers['retry-after-ms'] = String(step.retryAfterMs);
    if (step.reset === 'after') {
      record.status = status;
      response.writeHead(status, {
        'content-type': 'application/json',
        'content-length': '1000',
        ...headers,
      });
      response.write('{"error":{"message":"');
      await this.#later(5);
      response.socket?.destroy();
      return;
    }
    if (step.largeBodyBytes !== undefined) {
      await this.#sendLarge(response, record, status, step.largeBodyBytes, headers);
      return;
    }
    if (step.trickleMs !== undefined) {
      record.status = status;
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.write('{"error":{"message":"');
      while (!response.destroyed) {
        await this.#later(step.trickleMs);
        response.write(' ');
      }
      return;
    }
    if (step.body !== undefined) {
      const text = typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
      const type =
        typeof step.body === 'string' && !/^\s*[[{]/.test(step.body)
          ? 'text/plain; charset=utf-8'
          : 'application/json; charset=utf-8';
      this.#send(response, record, status, text, { 'content-type': type, ...headers });
      return;
    }
    if (step.html ?? [520, 522, 524].includes(status)) {
      const ray = `${Math.random().toString(16).slice(2, 18)}-LAX`;
      this.#send(response, record, status, edgePage(status, 'apihub.agnes-ai.com', ray), {
        'content-type': 'text/html; charset=UTF-8',
        'cf-ray': ray,
        ...headers,
      });
      return;
    }
    const message =
      step.message ?? defaultMessage(status, step.locale ?? this.#locale, this.#options.rpm ?? 20);
    this.#sendError(response, record, status, message, {
      ...(step.type !== undefined && { type: step.type }),
      code: step.code,
      headers,
    });
  }

  /** A route's answer: a provider error, a stream of server-sent events, or JSON. */
  #sendReply(
    response: ServerResponse,
    record: RecordedRequest,
    reply: Reply,
    {
      sseErrorAfter,
      resetAfterChunks,
    }: Pick<Exclude<MockStep, 'ok'>, 'sseErrorAfter' | 'resetAfterChunks'> = {},
  ): void {
    if (reply.error) {
      const { message, code, param } = reply.error;
      this.#sendError(response, record, reply.status, message, { code, param });
      return;
    }
    if (reply.events) {
      record.status = reply.status;
      response.writeHead(reply.status, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      reply.events.forEach((event, index) => {
        if (sseErrorAfter !== undefined && index === sseErrorAfter && reply.named) {
          response.write(`event: error\ndata: ${JSON.stringify(anthropicStreamError)}\n\n`);
        } else if (sseErrorAfter !== undefined && index === sseErrorAfter) {
          const error = {
            message: defaultMessage(500, this.#locale),
            type: 'upstream_error',
            code: 'internal_error',
          };
          response.write(`data: ${JSON.stringify({ error })}\n\n`);
        }
        if (sseErrorAfter !== undefined && index >= sseErrorAfter) return;
        if (resetAfterChunks !== undefined && index >= resetAfterChunks) return;
        const name = reply.named ? `event: ${(event as { type: string }).type}\n` : '';
        response.write(`${name}data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`);
      });
      // A dropped connection mid-stream: what was written is flushed, then the socket is destroyed.
      if (resetAfterChunks !== undefined && resetAfterChunks < reply.events.length)
        response.write('', () => response.socket?.destroy());
      else response.end();
      return;
    }
    this.#send(response, record, reply.status, JSON.stringify(reply.json), {
      'content-type': 'application/json; charset=utf-8',
      'x-oneapi-request-id': newRequestId(),
    });
  }

  /** The provider's error body (new-api style, request id appended) with its request-id header. */
  #sendError(
    response: ServerResponse,
    record: RecordedRequest,
    status: number,
    message: string,
    extra: ErrorExtra = {},
  ): void {
    const requestId = newRequestId();
    if (messagesPath.test(record.pathname)) {
      // The Messages dialect: Anthropic's body, the request id in a header of its own.
      this.#send(
        response,
        record,
        status,
        anthropicErrorBody(extra.type ?? anthropicErrorType(status), message),
        {
          'content-type': 'application/json; charset=utf-8',
          'request-id': requestId,
          ...extra.headers,
        },
      );
      return;
    }
    this.#send(
      response,
      record,
      status,
      errorBody(message, requestId, extra.type, extra.code ?? null, extra.param ?? ''),
      {
        'content-type': 'application/json; charset=utf-8',
        'x-oneapi-request-id': requestId,
        ...extra.headers,
      },
    );
  }

  #send(
    response: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): void {
    record.status = status;
    if (response.destroyed) return;
    const limit = this.#options.limitHeaders ? this.#rate.status(Date.now()) : undefined;
    const limitHeaders: Record<string, string> = limit
      ? {
          'x-ratelimit-limit-requests': String(limit.limit),
          'x-ratelimit-remaining-requests': String(limit.remaining),
          'x-ratelimit-reset-requests': `${Math.ceil(limit.resetMs / 1000)}s`,
        }
      : {};
    response.writeHead(status, {
      'content-length': String(Buffer.byteLength(body)),
      ...limitHeaders,
      ...headers,
    });
    response.end(body);
  }

  /** A large error body written as the client reads it: one reused chunk, so constant memory here. */
  async #sendLarge(
    response: ServerResponse,
    record: RecordedRequest,
    status: number,
    size: number,
    headers: Record<string, string>,
  ): Promise<void> {
    record.status = status;
    record.bodyBytesSent = 0;
    const head = Buffer.from('{"error":{"type":"new_api_error","message":"server error, padded ');
    const tail = Buffer.from('"}}');
    const padding = Buffer.alloc(64 * 1024, ' ');
    response.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(size),
      ...headers,
    });
    let left = size - tail.length;
    const write = async (chunk: Buffer): Promise<boolean> => {
      if (response.destroyed) return false;
      const flushed = response.write(chunk);
      record.bodyBytesSent = (record.bodyBytesSent ?? 0) + chunk.length;
      if (!flushed)
        await new Promise<void>((resolve) => {
          response.once('drain', resolve);
          response.once('close', resolve);
        });
      return !response.destroyed;
    };
    if (!(await write(head.subarray(0, left)))) return;
    left -= Math.min(head.length, left);
    while (left > 0) {
      const chunk = left >= padding.length ? padding : padding.subarray(0, left);
      if (!(await write(chunk))) return;
      left -= chunk.length;
    }
    if (await write(tail)) response.end();
  }

  /** A delay that `close()` cancels. */
  #later(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }
}

/**
 * Starts a real HTTP server that speaks the Agnes API routes and fails on demand.
 * Every request is recorded; `close()` leaves nothing running.
 */
export function startMockAgnes(options: MockAgnesOptions = {}): Promise<MockAgnes> {
  return MockAgnesServer.start(options);
}
