import { messagesReply } from './anthropic.ts';
import { defaultMessage } from './provider.ts';
import type { ProviderLocale } from './types.ts';

/** A 1x1 PNG, base64: the image a `b64_json` request gets. */
const onePixelPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** The known Agnes model ids, by kind. */
export const agnesModels = {
  chat: [
    'agnes-1.5-flash',
    'agnes-2.0-flash',
    'agnes-2.5-flash',
    'agnes-2.5-pro',
    'agnes-2.5-pro-beta',
    'agnes-3.0-flash',
  ],
  image: ['agnes-image-2.0-flash', 'agnes-image-2.1-flash', 'agnes-image-2.5-flash'],
  video: ['agnes-video-v2.0', 'agnes-video-2.5', 'agnes-video-2.5-flash'],
} as const;

const allModels: readonly string[] = [...agnesModels.chat, ...agnesModels.image, ...agnesModels.video];

/** What a route answers. */
export interface Reply {
  readonly status: number;
  /** JSON value, or an `error` to be wrapped in the provider's error body. */
  readonly json?: unknown;
  readonly error?: { readonly message: string; readonly code?: string; readonly param?: string };
  /** Server-sent events to stream, each a JSON value or `[DONE]`. */
  readonly events?: readonly unknown[];
  /** Each event is sent under its `type` as the SSE event name (`event: message_start`), as Anthropic does. */
  readonly named?: boolean;
}

/** Built-in checks that can be switched off. */
export interface Checks {
  readonly imageSize: boolean;
  readonly videoSize: boolean;
  readonly n: boolean;
  readonly maxTokens: boolean;
  readonly model: boolean;
}

interface VideoTask {
  readonly id: string;
  readonly model: string;
  polls: number;
}

/** Route state and handlers of one server. */
export class AgnesRoutes {
  readonly #tasks = new Map<string, VideoTask>();
  #taskCounter = 0;

  readonly checks: Checks;
  readonly locale: ProviderLocale;
  readonly unknownModelStatus: 404 | 503;
  readonly pollsPerState: number;

  constructor(checks: Checks, locale: ProviderLocale, unknownModelStatus: 404 | 503, pollsPerState: number) {
    this.checks = checks;
    this.locale = locale;
    this.unknownModelStatus = unknownModelStatus;
    this.pollsPerState = pollsPerState;
  }

  reset(): void {
    this.#tasks.clear();
  }

  #say(en: string, zh: string): string {
    return this.locale === 'zh' ? zh : en;
  }

  /** `POST /v1/messages`, the Anthropic dialect. */
  messages(body: Record<string, unknown>): Reply {
    return messagesReply(body, (model) => this.#checkModel(model, 'chat'));
  }

  #checkModel(model: unknown, kind: 'chat' | 'image' | 'video'): Reply | undefined {
    if (typeof model !== 'string' || model === '') {
      return {
        status: 400,
        error: { message: this.#say('model is required', '缺少 model 参数'), param: 'model' },
      };
    }
    if (!this.checks.model) return undefined;
    if (!allModels.includes(model)) {
      return {
        status: this.unknownModelStatus,
        error: {
          message:
            this.unknownModelStatus === 404
              ? this.#say(`The model ${model} does not exist`, `模型 ${model} 不存在`)
              : this.#say(
                  `No available channel for model ${model} under group default`,
                  `当前分组 default 下对于模型 ${model} 无可用渠道`,
                ),
          code: 'model_not_found',
        },
      };
    }
    if (kind === 'chat' && (agnesModels.image as readonly string[]).includes(model)) {
      return {
        status: 400,
        error: {
          message: this.#say(
            `Model ${model} is an image model, please use /v1/images/generations`,
            `模型 ${model} 是 image 模型，请使用 /v1/images/generations`,
          ),
        },
      };
    }
    if (kind === 'chat' && (agnesModels.video as readonly string[]).includes(model)) {
      return {
        status: 400,
        error: {
          message: this.#say(
            `Model ${model} is a video model, please use /v1/videos`,
            `模型 ${model} 是 video 模型，请使用 /v1/videos`,
          ),
        },
      };
    }
    return undefined;
  }

  #checkN(body: Record<string, unknown>): Reply | undefined {
    if (this.checks.n && body.n !== undefined && body.n !== 1) {
      return { status: 400, error: { message: this.#say('n must be 1', 'n 必须为 1'), param: 'n' } };
    }
    return undefined;
  }

  /** A required parameter the body lacks: 400, as the provider answers it. */
  #checkRequired(body: Record<string, unknown>, name: string): Reply | undefined {
    const value = body[name];
    if (value !== undefined && value !== null && value !== '') return undefined;
    return {
      status: 400,
      error: { message: this.#say(`${name} is required`, `缺少 ${name} 参数`), param: name },
    };
  }

  chat(body: Record<string, unknown>): Reply {
    const fault =
      this.#checkModel(body.model, 'chat') ?? this.#checkRequired(body, 'messages') ?? this.#checkN(body);
    if (fault) return fault;
    const maxTokens = body.max_tokens;
    if (this.checks.maxTokens && typeof maxTokens === 'number' && maxTokens > 65536) {
      return {
        status: 400,
        error: {
          message: this.#say('max_tokens must not exceed 65536', 'max_tokens 不能超过 65536'),
          param: 'max_tokens',
        },
      };
    }
    const id = `chatcmpl-${Math.random().toString(36).slice(2, 14)}`;
    const created = Math.floor(Date.now() / 1000);
    const content = 'Hello from the Agnes mock server.';
    if (body.stream === true) {
      const chunk = (delta: Record<string, unknown>, finish: string | null): unknown => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model: body.model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      });
      const words = content.split(' ');
      return {
        status: 200,
        events: [
          chunk({ role: 'assistant', content: '' }, null),
          ...words.map((word, index) => chunk({ content: index === 0 ? word : ` ${word}` }, null)),
          chunk({}, 'stop'),
          '[DONE]',
        ],
      };
    }
    return {
      status: 200,
      json: {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
      },
    };
  }

  responses(body: Record<string, unknown>): Reply {
    const fault = this.#checkModel(body.model, 'chat');
    if (fault) return fault;
    return {
      status: 200,
      json: {
        id: `resp_${Math.random().toString(36).slice(2, 14)}`,
        object: 'response',
        created_at: Math.floor(Date.now() / 1000),
        model: body.model,
        status: 'completed',
        output: [
          {
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hello from the Agnes mock server.' }],
          },
        ],
        usage: { input_tokens: 12, output_tokens: 7, total_tokens: 19 },
      },
    };
  }

  /** The model list; `visible` narrows it to the models one key may use. */
  models(visible: readonly string[] = allModels): Reply {
    return {
      status: 200,
      json: {
        object: 'list',
        data: visible.map((id) => ({ id, object: 'model', created: 1_760_000_000, owned_by: 'agnes' })),
      },
    };
  }

  images(body: Record<string, unknown>): Reply {
    const fault =
      this.#checkModel(body.model, 'image') ?? this.#checkRequired(body, 'prompt') ?? this.#checkN(body);
    if (fault) return fault;
    const size = typeof body.size === 'string' ? body.size : '1024x1024';
    const [width, height] = size.split('x').map(Number);
    if (this.checks.imageSize && (!width || !height || width % 16 !== 0 || height % 16 !== 0)) {
      return {
        status: 500,
        error: {
          message: this.#say(
            `Image size ${size} is invalid: width and height must be multiples of 16`,
            `图片尺寸 ${size} 无效：宽和高必须是 16 的倍数`,
          ),
        },
      };
    }
    return {
      status: 200,
      json: {
        created: Math.floor(Date.now() / 1000),
        // OpenAI-compatible clients that want the bytes (the AI SDK) ask for `b64_json`.
        data: [
          body.response_format === 'b64_json'
            ? { b64_json: onePixelPng, revised_prompt: body.prompt }
            : { url: 'https://cdn.agnes-mock.invalid/image/1.png', revised_prompt: body.prompt },
        ],
      },
    };
  }

  createVideo(body: Record<string, unknown>): Reply {
    const fault = this.#checkModel(body.model, 'video');
    if (fault) return fault;
    const size = typeof body.size === 'string' ? body.size : undefined;
    const [width, height] = size ? size.split('x').map(Number) : [body.width, body.height];
    if (
      this.checks.videoSize &&
      (width !== undefined || height !== undefined) &&
      (Number(width) % 64 !== 0 || Number(height) % 64 !== 0)
    ) {
      return {
        status: 500,
        error: {
          message: this.#say('Video width and height must be multiples of 64', '视频宽和高必须是 64 的倍数'),
        },
      };
    }
    const frames = body.num_frames;
    if (typeof frames === 'number' && (frames > 441 || (frames - 1) % 8 !== 0)) {
      return {
        status: 400,
        error: {
          message: this.#say(
            'num_frames must be at most 441 and of the form 8n+1',
            'num_frames 不能超过 441 且必须为 8n+1',
          ),
          param: 'num_frames',
        },
      };
    }
    this.#taskCounter += 1;
    const id = `video_${Date.now().toString(36)}${this.#taskCounter}`;
    this.#tasks.set(id, { id, model: String(body.model), polls: 0 });
    return {
      status: 200,
      json: {
        id,
        object: 'video',
        model: body.model,
        status: 'queued',
        progress: 0,
        created_at: Math.floor(Date.now() / 1000),
      },
    };
  }

  pollVideo(id: string | null): Reply {
    const task = id ? this.#tasks.get(id) : undefined;
    if (!task)
      return { status: 404, json: { code: 'task_not_exist', message: defaultMessage(404, this.locale) } };
    task.polls += 1;
    const state =
      task.polls <= this.pollsPerState
        ? 'queued'
        : task.polls <= this.pollsPerState * 2
          ? 'in_progress'
          : 'completed';
    const done = state === 'completed';
    return {
      status: 200,
      json: {
        id: task.id,
        object: 'video',
        model: task.model,
        status: state,
        progress: done ? 100 : state === 'in_progress' ? 50 : 0,
        url: done ? `https://cdn.agnes-mock.invalid/video/${task.id}.mp4` : null,
        error: null,
      },
    };
  }

  /** Number of video tasks created: tests assert on duplicate submissions with it. */
  get taskCount(): number {
    return this.#tasks.size;
  }
}
