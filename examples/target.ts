import { type MockAgnes, startMockAgnes } from '@agnes-errors/testing';

/** Where an example sends its calls. */
export interface Target {
  readonly baseURL: string;
  readonly apiKey: string;
}

/**
 * The real Agnes API when AGNES_API_KEY is set, else the embedded mock server, scripted so the
 * example shows a retry (two 503s before the answer; two 529 brownouts on /v1/messages). Returns a
 * function that stops the mock.
 */
export async function exampleTarget(): Promise<Target & { stop: () => Promise<void> }> {
  const apiKey = process.env.AGNES_API_KEY?.trim();
  if (apiKey) {
    return {
      baseURL: process.env.AGNES_BASE_URL ?? 'https://apihub.agnes-ai.com/v1',
      apiKey,
      stop: async () => {},
    };
  }
  const mock: MockAgnes = await startMockAgnes({
    script: {
      'POST /v1/chat/completions': [{ status: 503 }, { status: 503 }],
      'POST /v1/messages': [{ status: 529 }, { status: 529 }],
    },
  });
  return { baseURL: mock.baseURL, apiKey: 'sk-example00000000000000000', stop: () => mock.close() };
}

/** Runs an example's `main` when the file is executed directly. */
export async function runExample(main: (target: Target) => Promise<string>): Promise<void> {
  const target = await exampleTarget();
  try {
    console.log(await main(target));
  } finally {
    await target.stop();
  }
}
