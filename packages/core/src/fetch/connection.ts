import { readEnvironment } from '../util/environment.ts';

/** The Agnes API's international base URL: where a package that owns its fetch sends by default. */
export const defaultBaseURL = 'https://apihub.agnes-ai.com/v1';

/** What a package that owns its fetch is given to reach the API. */
export interface ConnectionSettings {
  /**
   * The API key.
   * @default the `AGNES_API_KEY` environment variable, where the runtime lets us read it
   */
  readonly apiKey?: string | undefined;
  /**
   * The Agnes base URL.
   * @default the `AGNES_BASE_URL` environment variable, else `https://apihub.agnes-ai.com/v1`
   */
  readonly baseURL?: string | undefined;
}

/** Where and with which key a package reaches the API. */
export interface AgnesConnection {
  /** The base URL: the setting, else `AGNES_BASE_URL`, else the international API. */
  readonly baseURL: string;
  /**
   * The key: the setting, else `AGNES_API_KEY` (read at each call, so a key set later is seen).
   * Throws a `TypeError` that names `caller` and the variable when there is none.
   */
  apiKey(): string;
}

/**
 * The one place the fetch-owning packages (the OpenAI SDK client, the AI SDK provider, `ChatAgnes`)
 * read their key and base URL: from the settings, else `AGNES_API_KEY` / `AGNES_BASE_URL`, else the
 * default base URL. Never throws in runtimes without `process.env` (browsers, workers, Deno without
 * `--allow-env`); a setting of the wrong type is a `TypeError` naming it. `caller` is how the user
 * made the package (`createAgnes`, `new ChatAgnes`), for the missing-key message.
 */
export function agnesConnection(settings: ConnectionSettings, caller: string): AgnesConnection {
  for (const name of ['apiKey', 'baseURL'] as const) {
    const value: unknown = settings[name];
    if (value !== undefined && typeof value !== 'string')
      throw new TypeError(`${caller.replace(/^new /, '')}: ${name} must be a string, got ${typeof value}.`);
  }
  const baseURL = settings.baseURL ?? readEnvironment('AGNES_BASE_URL') ?? defaultBaseURL;
  return {
    baseURL,
    apiKey: () => {
      const key = settings.apiKey ?? readEnvironment('AGNES_API_KEY');
      if (!key)
        throw new TypeError(
          `No Agnes API key: pass ${caller}({ apiKey }) or set the AGNES_API_KEY environment variable.`,
        );
      return key;
    },
  };
}
