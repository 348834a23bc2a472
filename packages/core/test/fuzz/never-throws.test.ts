import {
  type AgnesErrorInfo,
  type AgnesFailure,
  classify,
  formatAgnesMessage,
  getAgnesInfo,
  isAgnesError,
} from '@agnes-errors/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostileValue, revokedProxy, throwingGetters, throwingObject } from './hostile-values.ts';
import { fuzzParameters, fuzzTimeoutMs } from './settings.ts';

describe('what catch blocks call never throws', () => {
  it(
    'getAgnesInfo, classify, isAgnesError and formatAgnesMessage take anything',
    () => {
      fc.assert(
        fc.property(hostileValue, (make) => {
          const value = make();
          const info = getAgnesInfo(value);
          expect(info === undefined || typeof info.reason === 'string').toBe(true);
          expect(typeof classify(value as AgnesFailure).reason).toBe('string');
          expect(typeof isAgnesError(value)).toBe('boolean');
          expect(typeof formatAgnesMessage(value as AgnesErrorInfo)).toBe('string');
          expect(typeof formatAgnesMessage(value as AgnesErrorInfo, value as never)).toBe('string');
        }),
        fuzzParameters(),
      );
    },
    fuzzTimeoutMs,
  );

  it('answers undefined for what it cannot read, false for what is not ours', () => {
    for (const value of [throwingObject(), revokedProxy(), throwingGetters()]) {
      expect(getAgnesInfo(value)).toBeUndefined();
      expect(isAgnesError(value)).toBe(false);
      expect(formatAgnesMessage(value as AgnesErrorInfo)).toBe('Agnes API error');
    }
    expect(formatAgnesMessage({ status: 503 } as AgnesErrorInfo)).toBe('Agnes API 503');
  });
});
