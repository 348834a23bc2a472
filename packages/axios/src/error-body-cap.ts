import axios, { type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

interface NodeStreamLike extends AsyncIterable<Uint8Array | string> {
  destroy(error?: Error): unknown;
}

const isNodeStream = (value: unknown): value is NodeStreamLike =>
  typeof (value as NodeStreamLike | null)?.destroy === 'function' &&
  typeof (value as NodeStreamLike | null)?.[Symbol.asyncIterator] === 'function';

const toBytes = (chunk: Uint8Array | string): Uint8Array =>
  typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk.subarray(0, size - offset), offset);
    offset += Math.min(chunk.byteLength, size - offset);
  }
  return bytes;
}

/** What axios's Node adapter gives for a buffered body: a Buffer for `arraybuffer`, else text (BOM removed for UTF-8). */
function asAxiosWould(bytes: Uint8Array, config: InternalAxiosRequestConfig): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (config.responseType === 'arraybuffer') return buffer;
  const encoding = (config.responseEncoding ?? 'utf8') as BufferEncoding;
  const text = buffer.toString(encoding);
  return encoding === 'utf8' && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Destroys the stream when the attempt's signal aborts (the caller, or the deadline); returns the unsubscribe. */
function destroyOnAbort(stream: NodeStreamLike, signal: unknown): () => void {
  const abortSignal = signal as AbortSignal | undefined;
  if (typeof abortSignal?.addEventListener !== 'function') return () => undefined;
  const destroy = (): void => {
    stream.destroy();
  };
  if (abortSignal.aborted) destroy();
  else abortSignal.addEventListener('abort', destroy, { once: true });
  return () => abortSignal.removeEventListener('abort', destroy);
}

/** Reads the first `maxBytes` of a stream and destroys the rest unread; an abort keeps what arrived. */
async function readPrefix(stream: NodeStreamLike, maxBytes: number, signal: unknown): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const unsubscribe = destroyOnAbort(stream, signal);
  try {
    for await (const chunk of stream) {
      const bytes = toBytes(chunk);
      chunks.push(bytes);
      size += bytes.byteLength;
      if (size >= maxBytes) break;
    }
  } catch {
    // Reset or aborted mid-body: keep what arrived.
  } finally {
    unsubscribe();
    stream.destroy();
  }
  return concat(chunks, Math.min(size, maxBytes));
}

/**
 * axios's Node adapter reads a whole error body into memory before it rejects (a 50 MB body: +75 MB
 * per attempt), and its only limit, `maxContentLength`, applies to successes too and turns the
 * failure into one without a status. So for the Node (`http`) adapter each attempt is sent with
 * `responseType: 'stream'`: an error status then rejects with the body unread, and only its first
 * `maxBytes` are read (the rest destroyed), as text, as axios would have given it; a success body
 * is read whole and given exactly as axios's buffered path gives it. A caller's own `stream`
 * request, and the other adapters (`fetch`, `xhr`), are sent unchanged.
 */
export function sendWithCappedErrorBody(
  send: AxiosAdapter,
  config: InternalAxiosRequestConfig,
  maxBytes: number,
): Promise<AxiosResponse> {
  if (send !== nodeAdapter() || config.responseType === 'stream') return send(config);
  return sendStreamed(send, config, maxBytes);
}

let httpAdapter: AxiosAdapter | null | undefined;
function nodeAdapter(): AxiosAdapter | null {
  if (httpAdapter === undefined) {
    try {
      httpAdapter = axios.getAdapter('http');
    } catch {
      // Not in Node: axios has no http adapter here.
      httpAdapter = null;
    }
  }
  return httpAdapter;
}

async function sendStreamed(
  send: AxiosAdapter,
  config: InternalAxiosRequestConfig,
  maxBytes: number,
): Promise<AxiosResponse> {
  let response: AxiosResponse;
  try {
    response = await send({ ...config, responseType: 'stream' });
  } catch (error) {
    const failed = axios.isAxiosError(error) ? error.response : undefined;
    if (failed && isNodeStream(failed.data)) {
      failed.data = asAxiosWould(await readPrefix(failed.data, maxBytes, config.signal), config);
      failed.config = config;
      if (axios.isAxiosError(error)) error.config = config;
    }
    throw error;
  }
  response.config = config;
  if (!isNodeStream(response.data)) return response;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const signal = config.signal as AbortSignal | undefined;
  const unsubscribe = destroyOnAbort(response.data, signal);
  try {
    for await (const chunk of response.data) {
      const bytes = toBytes(chunk);
      chunks.push(bytes);
      size += bytes.byteLength;
    }
  } catch (error) {
    // As axios's buffered path: an abort rejects with the signal's reason (or a CanceledError), a
    // body broken mid-way with an AxiosError that has the response.
    if (signal?.aborted) {
      const reason = signal.reason as { name?: unknown; message?: unknown } | undefined;
      // The deadline (the attempt signal's TimeoutError): a timeout the loop diagnoses; else the caller's cancel.
      if (reason?.name === 'TimeoutError')
        throw new axios.AxiosError(String(reason.message), 'ETIMEDOUT', config, response.request);
      throw new axios.CanceledError(undefined, undefined, config);
    }
    if (axios.isAxiosError(error)) throw error;
    throw axios.AxiosError.from(error, 'ERR_BAD_RESPONSE', config, response.request, response);
  } finally {
    unsubscribe();
  }
  response.data = asAxiosWould(concat(chunks, size), config);
  return response;
}
