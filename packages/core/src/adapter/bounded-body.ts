/**
 * Reads at most `maxBytes` of a response body and cancels the rest, so a huge or never-ending
 * error body costs bounded memory and time. An aborted or broken stream gives what arrived.
 * Never throws.
 */
export async function readBoundedBody(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const take = (value: Uint8Array): boolean => {
    const room = maxBytes - size;
    chunks.push(value.byteLength > room ? value.subarray(0, room) : value);
    size += Math.min(value.byteLength, room);
    return size < maxBytes;
  };
  const stream = response.body as unknown;
  try {
    if (typeof (stream as ReadableStream | null)?.getReader === 'function') {
      await readWebStream(stream as ReadableStream<Uint8Array>, take);
    } else if (stream && typeof (stream as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      // A Node stream (node-fetch, as the OpenAI SDK 4 uses): iterate, then destroy what is left.
      await readNodeStream(stream as AsyncIterable<Uint8Array> & { destroy?: () => void }, take);
    } else if (stream) {
      take(new Uint8Array(await response.arrayBuffer()));
    }
  } catch {
    // Aborted (the caller, or the deadline) or reset mid-body: keep what arrived.
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

async function readWebStream(
  stream: ReadableStream<Uint8Array>,
  take: (value: Uint8Array) => boolean,
): Promise<void> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || !value || !take(value)) break;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

async function readNodeStream(
  stream: AsyncIterable<Uint8Array> & { destroy?: () => void },
  take: (value: Uint8Array) => boolean,
): Promise<void> {
  try {
    for await (const value of stream) {
      const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : value;
      if (!take(bytes)) break;
    }
  } finally {
    stream.destroy?.();
  }
}
