import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** A plain local HTTP server that is not Agnes: what the transparency suite sends "other" requests to. */
export interface OtherServer {
  /** `http://127.0.0.1:<port>` (no path). */
  readonly origin: string;
  /** Requests received, as `METHOD /path`. */
  readonly requests: string[];
  close(): Promise<void>;
}

const events = ['data: {"n":1}\n\n', 'data: {"n":2}\n\n', 'data: [DONE]\n\n'];

/**
 * Routes: `/ok` (JSON 200), `/status/<code>` (that status, JSON body; `Retry-After: 0` on 429 and 503
 * unless the path ends in `-no-wait`),
 * `/sse` (a short event stream), `/redirect/<path>` (302 to `/<path>`), `/hang` (never answers).
 */
function route(request: IncomingMessage, response: ServerResponse): void {
  const path = request.url ?? '/';
  if (path.startsWith('/redirect/')) {
    response.writeHead(302, { location: path.slice('/redirect'.length) }).end();
    return;
  }
  if (path === '/ok') {
    response.writeHead(200, { 'content-type': 'application/json', 'x-other': 'yes' });
    response.end(JSON.stringify({ ok: true, path }));
    return;
  }
  const [, status, noWait] = /^\/status\/(\d{3})(-no-wait)?$/.exec(path) ?? [];
  if (status) {
    const code = Number(status);
    response.writeHead(code, {
      'content-type': 'application/json',
      ...((code === 429 || code === 503) && !noWait ? { 'retry-after': '0' } : {}),
    });
    response.end(JSON.stringify({ error: { message: `plain ${code}` } }));
    return;
  }
  if (path === '/sse') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of events) response.write(event);
    response.end();
    return;
  }
  if (path === '/hang') return;
  response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}

/** Starts other servers for a test file; every one is closed after each test. */
export function otherServers(): () => Promise<OtherServer> {
  let open: OtherServer[] = [];
  afterEach(async () => {
    await Promise.all(open.map((server) => server.close()));
    open = [];
  });
  return async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      request.resume();
      request.on('end', () => route(request, response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const other: OtherServer = {
      origin: `http://127.0.0.1:${port}`,
      requests,
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    };
    open.push(other);
    return other;
  };
}

/** The full text of the SSE stream `/sse` sends. */
export const otherEventStream: string = events.join('');
