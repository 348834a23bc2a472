import { getAgnesInfo } from '@agnes-errors/core';
import { describe, expect, it } from 'vitest';
import { rejection, setup } from './helpers.ts';

describe('ChatAgnes and a success body that trickles', () => {
  it('ends the call at deadlineMs', async () => {
    const { mock, model } = await setup(
      { deadlineMs: 300, baseDelayMs: 5 },
      { script: { '*': [{ status: 200, trickleMs: 20 }] } },
    );
    const started = Date.now();
    const error = await rejection(model.invoke('hi'));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
    const info = getAgnesInfo(error) ?? getAgnesInfo(error.cause);
    expect(info).toMatchObject({ reason: 'client_timeout' });
    expect(mock.requests).toHaveLength(1);
  });
});
