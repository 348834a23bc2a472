import { getAgnesInfo } from '@agnes-errors/core';
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { rejection, setup } from './helpers.ts';

describe('the Agnes provider and a success body that trickles', () => {
  it('ends the model call at deadlineMs', async () => {
    const { mock, agnes } = await setup(
      { deadlineMs: 300, baseDelayMs: 5 },
      { script: { '*': [{ status: 200, trickleMs: 20 }] } },
    );
    const started = Date.now();
    const error = await rejection(
      generateText({ model: agnes('agnes-2.5-flash'), prompt: 'hi', maxRetries: 0 }),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
    // The framework may wrap the body's error; the diagnosis travels with it.
    const info = getAgnesInfo(error) ?? getAgnesInfo(error.cause);
    expect(info).toMatchObject({ reason: 'client_timeout' });
    expect(mock.requests).toHaveLength(1);
  });
});
