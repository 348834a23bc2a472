import type { Reply } from './routes.ts';

/**
 * The Anthropic Messages dialect Agnes also serves (`POST /v1/messages`, `x-api-key`): its success
 * body, its stream of named server-sent events, and its error bodies
 * (`{"type":"error","error":{"type":"rate_limit_error","message":...}}`).
 */

/** The path of the Messages endpoint; error answers on it take the dialect's shape. */
export const messagesPath: RegExp = /^\/v1\/messages\/?$/;

/** The largest `max_tokens` the mock accepts on `/v1/messages`, stated in its refusal as Anthropic does. */
const maxOutputTokens = 65536;

/** The error type Anthropic sends with each status. */
export function anthropicErrorType(status: number): string {
  const types: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    529: 'overloaded_error',
  };
  return types[status] ?? 'api_error';
}

/** An Anthropic error body. */
export function anthropicErrorBody(type: string, message: string): string {
  return JSON.stringify({ type: 'error', error: { type, message } });
}

/** The `error` event Anthropic sends inside a stream that fails after it started. */
export const anthropicStreamError: unknown = {
  type: 'error',
  error: { type: 'overloaded_error', message: 'Overloaded' },
};

/** `POST /v1/messages`: a message, or its stream of events (`message_start` ... `message_stop`). */
export function messagesReply(
  body: Record<string, unknown>,
  check: (model: unknown) => Reply | undefined,
): Reply {
  const fault = check(body.model);
  if (fault) return fault;
  const maxTokens = body.max_tokens;
  if (typeof maxTokens !== 'number')
    return { status: 400, error: { message: 'max_tokens: Field required', param: 'max_tokens' } };
  if (maxTokens > maxOutputTokens)
    return {
      status: 400,
      error: {
        message: `max_tokens: ${maxTokens} > ${maxOutputTokens}, which is the maximum allowed number of output tokens for ${String(body.model)}`,
        param: 'max_tokens',
      },
    };
  const id = `msg_${Math.random().toString(36).slice(2, 14)}`;
  const content = 'Hello from the Agnes mock server.';
  const usage = { input_tokens: 12, output_tokens: 7 };
  const message = {
    id,
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: [{ type: 'text', text: content }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage,
  };
  if (body.stream !== true) return { status: 200, json: message };
  const words = content.split(' ');
  return {
    status: 200,
    named: true,
    events: [
      {
        type: 'message_start',
        message: {
          ...message,
          content: [],
          stop_reason: null,
          usage: { input_tokens: 12, output_tokens: 1 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'ping' },
      ...words.map((word, index) => ({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: index === 0 ? word : ` ${word}` },
      })),
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 7 },
      },
      { type: 'message_stop' },
    ],
  };
}
