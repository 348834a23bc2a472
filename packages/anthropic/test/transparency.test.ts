import { withAgnes } from '@agnes-errors/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import {
  describeTransparency,
  observedError,
  observedResponse,
  transparencyKey,
} from '../../../tooling/vitest/transparency.ts';
import { anthropicVersion } from './helpers.ts';

describeTransparency({
  client: `@anthropic-ai/sdk ${anthropicVersion}`,
  // Every request of the SDK goes to its base URL.
  reachesOtherHosts: false,
  takesFetch: true,
  ownRetries: true,
  create({ baseURL, agnes, fetch: custom, timeoutMs, retryLimit }) {
    const plain = new Anthropic({
      baseURL,
      apiKey: transparencyKey,
      authToken: null,
      ...(custom && { fetch: custom }),
      ...(timeoutMs !== undefined && { timeout: timeoutMs }),
      // The SDK's own retries wait half a second and more: none here, unless the test sets a limit.
      maxRetries: retryLimit ?? 0,
    });
    const client = agnes ? withAgnes(plain, agnes) : plain;
    return async ({ url, signal }) => {
      try {
        const response = await client
          .get(url.slice(baseURL.length), { ...(signal && { signal }) })
          .asResponse();
        return await observedResponse(response);
      } catch (error) {
        return observedError(error);
      }
    };
  },
});
