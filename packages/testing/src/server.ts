import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { defaultMessage, edgePage, errorBody, newRequestId } from './provider.ts';
import { AgnesRoutes, type Reply } from './routes.ts';
import type { MockAgnes, MockAgnesOptions, MockStep, RecordedRequest } from './types.ts';

type RouteName = 'chat' | 'responses' | 'models' | 'images' | 'createVideo' | 'pollVideo' | 'pollVideoLegacy';

const routeTable: readonly [string, RegExp, RouteName][] = [
  ['POST', /^\/v1\/chat\/completions\/?$/, 'chat'],
  ['POST', /^\/v1\/responses\/?$/, 'responses'],
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

/**
 * Starts a real HTTP server that speaks the Agnes API routes and fails on demand.
 * Every request is recorded; `close()` leaves nothing running.
 */
export async function startMockAgnes(options: MockAgnesOptions = {}): Promise<MockAgnes> {
  const locale = options.locale ?? 'en';
  const windowMs = options.rpmWindowMs ?? 60_000;
  const maxBodyBytes = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const maxHeaderBytes = options.maxHeaderBytes ?? 16 * 1024;
  const auth = options.auth ?? 'any';
  const routes = new AgnesRoutes(
    { imageSize: true, videoSize: true, n: true, maxTokens: true, model: true, ...options.checks },
    locale,
    options.unknownModelStatus ?? 503,
    options.videoPollsPerState ?? 1,
  );
  const requests: RecordedRequest[] = [];
  const scripts = new Map<string, MockStep[]>();
  let accepted: number[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  // mulberry32: a tiny seeded generator, so a brownout fails the same requests on every run.
  let faultState = options.faults?.seed ?? 1;
  const nextRandom = (): number => {
    faultState = (faultState + 0x6d2b79f5) | 0;
    let value = Math.imul(faultState ^ (faultState >>> 15), 1 | faultState);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };

  const addScript = (route: string, steps: readonly MockStep[]): void => {
    scripts.set(route, [...(scripts.get(route) ?? []), ...steps]);
  };
  for (const [route, steps] of Object.entries(options.script ?? {})) addScript(route, steps);

  const later = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const takeStep = (method: string, pathname: string): MockStep | undefined => {
    for (const key of [`${method} ${pathname}`, pathname, '*']) {
      const queue = scripts.get(key);
      if (queue && queue.length > 0) return queue.shift();
    }
    return undefined;
  };

  const send = (
    response: ServerResponse,
    record: RecordedRequest,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): void => {
    record.status = status;
    if (response.destroyed) return;
    response.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    response.end(body);
  };

  const sendError = (
    response: ServerResponse,
    record: RecordedRequest,
    status: number,
    message: string,
    extra: {
      type?: string;
      code?: string | number | undefined;
      param?: string | undefined;
      headers?: Record<string, string>;
    } = {},
  ): void => {
    const requestId = newRequestId();
    send(
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
  };

  const sendReply = (
    response: ServerResponse,
    record: RecordedRequest,
    reply: Reply,
    sseErrorAfter?: number,
  ): void => {
    if (reply.error) {
      sendError(response, record, reply.status, reply.error.message, {
        code: reply.error.code,
        param: reply.error.param,
      });
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
        if (sseErrorAfter !== undefined && index === sseErrorAfter) {
          response.write(
            `data: ${JSON.stringify({ error: { message: defaultMessage(500, locale), type: 'upstream_error', code: 'internal_error' } })}\n\n`,
          );
        }
        if (sseErrorAfter !== undefined && index >= sseErrorAfter) return;
        response.write(`data: ${typeof event === 'string' ? event : JSON.stringify(event)}\n\n`);
      });
      response.end();
      return;
    }
    const requestId = newRequestId();
    send(response, record, reply.status, JSON.stringify(reply.json), {
      'content-type': 'application/json; charset=utf-8',
      'x-oneapi-request-id': requestId,
    });
  };

  const answerStep = async (
    response: ServerResponse,
    record: RecordedRequest,
    step: Exclude<MockStep, 'ok'>,
  ): Promise<void> => {
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
      await later(5);
      response.socket?.destroy();
      return;
    }
    if (step.body !== undefined) {
      const text = typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
      const type =
        typeof step.body === 'string' && !/^\s*[[{]/.test(step.body)
          ? 'text/plain; charset=utf-8'
          : 'application/json; charset=utf-8';
      send(response, record, status, text, { 'content-type': type, ...headers });
      return;
    }
    if (step.html ?? [520, 522, 524].includes(status)) {
      const ray = `${Math.random().toString(16).slice(2, 18)}-LAX`;
      send(response, record, status, edgePage(status, 'apihub.agnes-ai.com', ray), {
        'content-type': 'text/html; charset=UTF-8',
        'cf-ray': ray,
        ...headers,
      });
      return;
    }
    const message = step.message ?? defaultMessage(status, step.locale ?? locale, options.rpm ?? 20);
    sendError(response, record, status, message, {
      type: step.type ?? 'new_api_error',
      code: step.code,
      headers,
    });
  };

  const checkAuth = (request: IncomingMessage): string | undefined => {
    if (auth === false) return undefined;
    const header = request.headers.authorization;
    if (header === undefined) return locale === 'zh' ? '未提供令牌' : 'No token provided';
    const key = /^Bearer (\S+)$/.exec(header)?.[1];
    if (!key) return locale === 'zh' ? '无效的令牌格式' : 'Invalid token format';
    const valid = auth === 'any' ? /^(sk|cpk)-[A-Za-z0-9_-]{8,}$/.test(key) : auth.includes(key);
    return valid ? undefined : locale === 'zh' ? '无效的令牌' : 'Invalid token';
  };

  const checkRate = (now: number): number | undefined => {
    if (options.rpm === undefined) return undefined;
    accepted = accepted.filter((time) => time > now - windowMs);
    if (accepted.length < options.rpm) {
      accepted.push(now);
      return undefined;
    }
    return (accepted[0] ?? now) + windowMs - now;
  };

  const route = (
    method: string,
    pathname: string,
    query: URLSearchParams,
    body: Record<string, unknown>,
  ): Reply | 'not_found' | 'method' => {
    const known = routeTable.filter(([, pattern]) => pattern.test(pathname));
    const match = known.find(([routeMethod]) => routeMethod === method);
    if (!match) return known.length > 0 ? 'method' : 'not_found';
    switch (match[2]) {
      case 'chat':
        return routes.chat(body);
      case 'responses':
        return routes.responses(body);
      case 'models':
        return routes.models();
      case 'images':
        return routes.images(body);
      case 'createVideo':
        return routes.createVideo(body);
      case 'pollVideo':
        return routes.pollVideo(query.get('video_id'));
      case 'pollVideoLegacy':
        return routes.pollVideo(pathname.split('/').filter(Boolean).pop() ?? null);
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
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
      headers[name] = name === 'authorization' ? redactAuthorization(joined) : joined;
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
    requests.push(record);

    const step = takeStep(method, url.pathname);
    let sseErrorAfter: number | undefined;
    if (step !== undefined && step !== 'ok') {
      if (step.delayMs) await later(step.delayMs);
      const passThrough =
        step.status === undefined &&
        step.body === undefined &&
        !step.hang &&
        !step.reset &&
        step.html === undefined;
      if (!passThrough) return answerStep(response, record, step);
      sseErrorAfter = step.sseErrorAfter;
    }
    const faults = options.faults;
    if (faults && faults.statuses.length > 0 && nextRandom() < faults.rate) {
      const status = faults.statuses[Math.floor(nextRandom() * faults.statuses.length)] ?? 503;
      return answerStep(response, record, { status });
    }
    if (tooLarge) return sendError(response, record, 413, defaultMessage(413, locale));
    if (headerBytes > maxHeaderBytes) return sendError(response, record, 431, defaultMessage(431, locale));
    const authFault = checkAuth(request);
    if (authFault) return sendError(response, record, 401, authFault, { code: 'invalid_api_key' });
    const waitMs = checkRate(record.time);
    if (waitMs !== undefined) {
      const retryHeaders: Record<string, string> = options.rateLimitRetryAfter
        ? { 'retry-after': String(Math.ceil(waitMs / 1000)) }
        : {};
      return sendError(response, record, 429, defaultMessage(429, locale, options.rpm), {
        headers: retryHeaders,
      });
    }
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      const parsed = text === '' ? {} : parseJson(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return sendError(
          response,
          record,
          400,
          locale === 'zh' ? '请求体 JSON 解析失败' : 'Invalid JSON in request body',
        );
      }
      body = parsed as Record<string, unknown>;
    }
    const reply = route(method, url.pathname, url.searchParams, body);
    if (reply === 'not_found')
      return sendError(response, record, 404, `${defaultMessage(404, locale)} (${method} ${url.pathname})`);
    if (reply === 'method')
      return sendError(response, record, 405, `${defaultMessage(405, locale)} (${method} ${url.pathname})`);
    sendReply(response, record, reply, sseErrorAfter);
  };

  const server = createServer(
    { maxHeaderSize: 1024 * 1024, keepAliveTimeout: 5_000 },
    (request, response) => {
      handle(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
        else response.destroy();
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    baseURL: `${origin}/v1`,
    origin,
    port,
    requests,
    requestsTo(target: string): RecordedRequest[] {
      const [method, path] = target.includes(' ') ? target.split(' ') : [undefined, target];
      return requests.filter(
        (request) => request.pathname === path && (method === undefined || request.method === method),
      );
    },
    script: addScript,
    reset(): void {
      requests.length = 0;
      scripts.clear();
      accepted = [];
      routes.reset();
    },
    async close(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
