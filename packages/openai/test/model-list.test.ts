import { describe, expect, it } from 'vitest';
import { chatRequest, fast, openaiVersion, rejection, setup } from './helpers.ts';

describe(`openai ${openaiVersion}: the model list after an unknown model`, () => {
  it('names the closest model in the SDK error, from one GET /v1/models through the same client', async () => {
    const { mock, client } = await setup(fast, { unknownModelStatus: 404 });
    const error = await rejection(
      client.chat.completions.create({ ...chatRequest, model: 'agnes-2.5-flsh' }),
    );
    expect(error.agnes.reason).toBe('model_not_found');
    expect(error.agnes.suggestedModels?.[0]).toBe('agnes-2.5-flash');
    expect(error.message).toContain('did you mean agnes-2.5-flash');
    await rejection(client.chat.completions.create({ ...chatRequest, model: 'agnes-2.5-flsh' }));
    expect(mock.requestsTo('GET /v1/models')).toHaveLength(1);
    expect(mock.requestsTo('GET /v1/models')[0]?.headers.authorization).toBe('Bearer sk-[redacted]');
  });
});
