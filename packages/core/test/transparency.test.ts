import { agnesFetch } from '@agnes-errors/core';
import {
  describeTransparency,
  observedError,
  observedResponse,
  transparencyKey,
} from '../../../tooling/vitest/transparency.ts';

describeTransparency({
  client: `fetch (Node ${process.versions.node})`,
  takesFetch: true,
  create({ baseURL, agnes, fetch: custom, timeoutMs }) {
    const base = custom ?? globalThis.fetch;
    const send = agnes ? agnesFetch({ ...agnes, baseURL, ...(custom && { fetch: custom }) }) : base;
    return async ({ url, signal }) => {
      const signals = [signal, timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs)];
      const present = signals.filter((entry): entry is AbortSignal => entry !== undefined);
      try {
        const response = await send(url, {
          headers: { authorization: `Bearer ${transparencyKey}` },
          ...(present.length > 0 && { signal: AbortSignal.any(present) }),
        });
        return await observedResponse(response);
      } catch (error) {
        return observedError(error);
      }
    };
  },
});
