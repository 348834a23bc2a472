import { AgnesError, type GiveUpEvent, type RetryEvent } from '@agnes-errors/core';
import { AgnesController, finalError, isReplayableBody, isStreamBody } from '@agnes-errors/core/adapter-kit';
import { describe, expect, it } from 'vitest';

const chat = { method: 'POST', url: 'https://apihub.agnes-ai.com/v1/chat/completions' };
const fast = { baseDelayMs: 1, maxDelayMs: 2, random: () => 0.5 };

describe('AgnesController: the steps of one call', () => {
  it('counts attempts in beforeAttempt and lets a client that counts on its own set the count', async () => {
    const controller = new AgnesController();
    const call = controller.begin();
    expect(call.attempts).toBe(0);
    await call.beforeAttempt();
    await call.beforeAttempt();
    expect(call.attempts).toBe(2);
    call.adoptAttempts(5);
    expect(call.attempts).toBe(5);
  });

  it('records waits it performs and waits the client performed', async () => {
    const controller = new AgnesController();
    const call = controller.begin();
    await call.wait(3);
    call.recordWait(7);
    expect(call.totalDelayMs).toBe(10);
    expect(call.previousDelayMs).toBe(7);
  });

  it('aborts a wait through the signal it was given, or the one that replaced it', async () => {
    const controller = new AgnesController();
    const first = new AbortController();
    const call = controller.begin({ signal: first.signal });
    const replacement = new AbortController();
    call.replaceSignal(replacement.signal);
    first.abort();
    const waiting = call.wait(60_000);
    replacement.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(call.totalDelayMs).toBe(0);
  });

  it('decides a retry, emits onRetry and spends the budget; a success refunds it', async () => {
    const retries: RetryEvent[] = [];
    const controller = new AgnesController({ ...fast, onRetry: (event) => retries.push(event) });
    const call = controller.begin();
    await call.beforeAttempt();
    const before = controller.budget?.tokens ?? 0;
    const { decision, info } = await call.afterFailure({ ...chat, status: 503 });
    expect(decision.retry).toBe(true);
    expect(info.stop).toBeUndefined();
    expect(retries).toHaveLength(1);
    expect(controller.budget?.tokens).toBe(before - 5);
    call.succeeded();
    expect(controller.budget?.tokens).toBe(before);
  });

  it('stops with a complete diagnosis and one onGiveUp event', async () => {
    const giveUps: GiveUpEvent[] = [];
    const controller = new AgnesController({ onGiveUp: (event) => giveUps.push(event) });
    const call = controller.begin();
    await call.beforeAttempt();
    const { decision, info } = await call.afterFailure({ ...chat, status: 401 });
    expect(decision).toMatchObject({ retry: false, stop: 'not_retryable' });
    expect(info).toMatchObject({ attempts: 1, totalDelayMs: 0, stop: 'not_retryable' });
    expect(giveUps.map((event) => event.stop)).toEqual(['not_retryable']);
  });

  it('stop() ends a call the client stopped on its own, with the policy stop reason', () => {
    const controller = new AgnesController();
    const call = controller.begin();
    const info = call.stop(call.classify({ status: 402, ...chat }));
    expect(info).toMatchObject({ stop: 'final', attempts: 0 });
    expect(call.stop(controller.classify({ status: 503, ...chat })).stop).toBe('not_retryable');
  });

  it('tells the classifier which attempt failed, so a 409 after a retry is our own duplicate task', async () => {
    const controller = new AgnesController();
    const call = controller.begin();
    const video = { status: 409, method: 'POST', url: 'https://apihub.agnes-ai.com/v1/videos' };
    await call.beforeAttempt();
    expect(call.classify(video).reason).toBe('conflict');
    await call.beforeAttempt();
    expect(call.classify(video).reason).toBe('duplicate_task');
  });
});

describe('AgnesController.run', () => {
  it('resolves with the first success', async () => {
    const controller = new AgnesController(fast);
    let calls = 0;
    const outcome = await controller.begin().run(async () => {
      calls += 1;
      return calls < 3
        ? { ok: false, failure: { ...chat, status: 503 }, error: new Error('503') }
        : { ok: true, value: 'done' };
    });
    expect(outcome).toEqual({ ok: true, value: 'done' });
    expect(calls).toBe(3);
  });

  it('resolves with the last failure and its final diagnosis instead of throwing', async () => {
    const controller = new AgnesController({ ...fast, maxRetries: 1 });
    const error = new Error('503');
    const outcome = await controller.begin().run(async () => ({
      ok: false,
      failure: { ...chat, status: 503 },
      error,
    }));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBe(error);
    expect(outcome.info).toMatchObject({ attempts: 2, stop: 'max_retries' });
  });
});

describe('finalError', () => {
  const info = (status: number) => new AgnesController().classify({ ...chat, status });

  it('decorates the client error in place, or answers with an AgnesError when asked', () => {
    const error = new TypeError('raw');
    expect(finalError(error, info(401))).toBe(error);
    expect((error as TypeError & { agnes?: unknown }).agnes).toMatchObject({ status: 401 });
    expect(error.message).toMatch(/^Agnes API 401/);
    const replaced = finalError(new TypeError('raw'), info(401), { throwAgnesError: true });
    expect(replaced).toBeInstanceOf(AgnesError);
    expect((replaced as AgnesError).cause).toBeInstanceOf(TypeError);
  });

  it('rewrites the heading of the stack only, never its frames', () => {
    const error = new TypeError('fetch');
    error.stack = 'TypeError: fetch\n    at fetch (node:internal/deps/undici:1:1)\n    at main (app.js:2:3)';
    finalError(error, info(503));
    expect(error.stack?.split('\n')[0]).toMatch(/^TypeError: Agnes API 503/);
    expect(error.stack).toContain('at fetch (node:internal/deps/undici:1:1)');
  });

  it("leaves the caller's abort untouched", () => {
    const abort = new DOMException('aborted', 'AbortError');
    const aborted = new AgnesController().classify({ condition: 'abort' });
    expect(finalError(abort, aborted, { throwAgnesError: true })).toBe(abort);
    expect(abort.message).toBe('aborted');
  });

  it('attaches the diagnosis to a response, and wraps what is not an object', () => {
    const response = new Response(null, { status: 503 });
    expect(finalError(response, info(503))).toBe(response);
    expect((response as Response & { agnes?: unknown }).agnes).toMatchObject({ status: 503 });
    expect(finalError('text', info(503))).toBeInstanceOf(AgnesError);
  });
});

describe('isStreamBody', () => {
  it('is true for streams only (isReplayableBody, deprecated, says the opposite)', async () => {
    const { Readable } = await import('node:stream');
    expect(isStreamBody(new ReadableStream())).toBe(true);
    expect(isStreamBody(Readable.from(['a']))).toBe(true);
    expect(isReplayableBody(new ReadableStream())).toBe(false);
    for (const body of [
      'text',
      new Uint8Array(2),
      new FormData(),
      new Blob(['x']),
      { a: 1 },
      null,
      undefined,
    ])
      expect(isStreamBody(body)).toBe(false);
  });
});

describe('AgnesCall', () => {
  it('is read-only to adapters', () => {
    const call = new AgnesController().begin();
    expect(() => {
      // @ts-expect-error: adapters change a call only through its methods.
      call.attempts = 3;
    }).toThrow(TypeError);
    expect(call.attempts).toBe(0);
  });

  it('hands each attempt of run() its number and the attempt signal, and ends it at the deadline', async () => {
    const caller = new AbortController();
    const call = new AgnesController({ ...fast, deadlineMs: 50 }).begin({ signal: caller.signal });
    const seen: { attempt: number; signal: AbortSignal | undefined }[] = [];
    const outcome = await call.run(async ({ attempt, signal }) => {
      seen.push({ attempt, signal });
      // The attempt hangs until its signal ends it: the deadline, not the caller.
      await new Promise((resolve) => signal?.addEventListener('abort', resolve, { once: true }));
      return { ok: false, failure: { ...chat, condition: 'network' }, error: new Error('aborted') };
    });
    expect(seen[0]?.attempt).toBe(1);
    expect(seen[0]?.signal).not.toBe(caller.signal);
    expect(seen[0]?.signal?.aborted).toBe(true);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.info).toMatchObject({ reason: 'client_timeout', stop: 'deadline' });
  });

  it("without a deadline, run() hands each attempt the caller's own signal", async () => {
    const caller = new AbortController();
    const call = new AgnesController(fast).begin({ signal: caller.signal });
    const outcome = await call.run(async ({ signal }) => ({ ok: true, value: signal }));
    expect(outcome).toEqual({ ok: true, value: caller.signal });
  });
});
