import { agnesConnection } from '@agnes-errors/core/adapter-kit';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import { ChatOpenAI, type ChatOpenAICallOptions } from '@langchain/openai';
import { serialisableAgnesOptions, splitAgnesOptions } from './agnes-options.ts';
import { AgnesLink } from './link.ts';
import type { ChatAgnesInput } from './types.ts';

/** Call options of {@link ChatAgnes}: those of `ChatOpenAI`. */
export type ChatAgnesCallOptions = ChatOpenAICallOptions;

/**
 * A LangChain chat model for the Agnes API: `ChatOpenAI` with one Agnes retry loop per request
 * (pacing, Agnes decisions, the 429 pause, fallback models) in place of LangChain's retries, and
 * errors that stay the OpenAI SDK's classes as LangChain rethrows them, with `error.agnes` and an
 * Agnes message. Works with `invoke`, `stream`, `batch`, `bindTools`, `withStructuredOutput` and
 * callbacks; serialises with the key as the secret `AGNES_API_KEY`.
 *
 * @example
 * import { ChatAgnes } from '@agnes-errors/langchain';
 *
 * const model = new ChatAgnes({ model: 'agnes-2.5-flash', rpm: 20 }); // AGNES_API_KEY from the environment
 * const answer = await model.invoke('Hello');
 */
export class ChatAgnes extends ChatOpenAI<ChatAgnesCallOptions> {
  static override lc_name(): string {
    return 'ChatAgnes';
  }

  override _llmType(): string {
    return 'agnes';
  }

  override lc_namespace: string[] = ['langchain', 'chat_models', 'agnes'];

  override get lc_secrets(): { [key: string]: string } | undefined {
    return { apiKey: 'AGNES_API_KEY' };
  }

  override get lc_serializable_keys(): string[] {
    return [...(super.lc_serializable_keys ?? []), 'baseURL', ...serialisableAgnesOptions];
  }

  /** The Agnes loop of this model: its controller paces and counts every call of the model. */
  readonly agnesLink: AgnesLink;

  /**
   * @deprecated Use `agnesLink`: `agnes` is the diagnosis on errors. Removed in the next minor version.
   */
  get agnes(): AgnesLink {
    return this.agnesLink;
  }

  constructor(fields: ChatAgnesInput = {}) {
    const { agnes: agnesOptions, rest } = splitAgnesOptions(fields);
    const { apiKey, baseURL, configuration, ...chatFields } = rest;
    const connection = agnesConnection(
      { apiKey, baseURL: baseURL ?? configuration?.baseURL ?? undefined },
      'new ChatAgnes',
    );
    const key = connection.apiKey();
    const url = connection.baseURL;
    const link = new AgnesLink(agnesOptions, configuration?.fetch as typeof fetch | undefined, url);
    super({
      // `load` hands the model back as `modelName` (ChatOpenAI's alias).
      ...(chatFields.modelName === undefined && { model: 'agnes-2.5-flash' }),
      ...chatFields,
      apiKey: key,
      // LangChain's own retry stays off: the Agnes loop inside the fetch is the only one.
      maxRetries: 0,
      configuration: { ...configuration, baseURL: url, fetch: link.fetch },
    });
    this.agnesLink = link;
    // What `util.inspect` and `console.log` show: the settings, never the key (ChatOpenAI keeps it
    // in plain fields, and so does the OpenAI client inside it).
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), {
      value: () =>
        `ChatAgnes { model: '${this.model}', baseURL: '${url}', apiKey: '[redacted]', maxRetries: ${link.controller.options.maxRetries}, rpm: ${link.controller.options.rpm ?? 'none'} }`,
    });
    // Serialised as the user configured it: the Agnes loop's retries, the base URL, the plain Agnes
    // options; never our fetch (a function) and never the key (`lc_secrets`).
    const kwargs = this.lc_kwargs as Record<string, unknown>;
    const {
      fetch: _fetch,
      baseURL: _url,
      ...userConfiguration
    } = (kwargs.configuration ?? {}) as Record<string, unknown>;
    if (Object.keys(userConfiguration).length > 0) kwargs.configuration = userConfiguration;
    else delete kwargs.configuration;
    delete kwargs.maxRetries;
    kwargs.baseURL = url;
    for (const name of serialisableAgnesOptions) {
      const value = (agnesOptions as Record<string, unknown>)[name];
      if (value !== undefined) kwargs[name] = value;
    }
  }

  /**
   * LangChain's serialised form, with the key as the secret `AGNES_API_KEY` (LangChain merges the
   * secrets of every class up the chain, the base class's last, so `ChatOpenAI` would name it
   * `OPENAI_API_KEY`). The field keeps `ChatOpenAI`'s name, so `load` gives it back as `apiKey`.
   */
  override toJSON(): ReturnType<ChatOpenAI['toJSON']> {
    const json = super.toJSON();
    if (json.type !== 'constructor') return json;
    const kwargs = { ...json.kwargs } as Record<string, unknown>;
    for (const [name, value] of Object.entries(kwargs)) {
      const secret = value as { type?: unknown; id?: unknown } | undefined;
      if (secret?.type === 'secret' && /api_?key/i.test(name))
        kwargs[name] = { ...secret, id: ['AGNES_API_KEY'] };
    }
    return { ...json, kwargs };
  }

  override async _generate(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): Promise<ChatResult> {
    try {
      return await super._generate(messages, options, runManager);
    } catch (error) {
      throw this.agnesLink.answer(error, false);
    }
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    let delivered = false;
    try {
      for await (const chunk of super._streamResponseChunks(messages, options, runManager)) {
        delivered = true;
        yield chunk;
      }
    } catch (error) {
      throw this.agnesLink.answer(error, delivered);
    }
  }
}
