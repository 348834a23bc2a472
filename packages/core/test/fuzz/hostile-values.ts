import fc from 'fast-check';

/** An object whose every property read throws. */
export function throwingObject(): object {
  return new Proxy(
    {},
    {
      get() {
        throw new Error('trap');
      },
      has() {
        throw new Error('trap');
      },
      ownKeys() {
        throw new Error('trap');
      },
      getPrototypeOf() {
        throw new Error('trap');
      },
    },
  );
}

/** A revoked Proxy: any operation on it throws. */
export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An error-shaped object with throwing getters on the fields adapters and getAgnesInfo read. */
export function throwingGetters(): object {
  const value: Record<string, unknown> = {};
  for (const name of [
    'agnes',
    'cause',
    'response',
    'status',
    'config',
    'options',
    'code',
    'message',
    'name',
    'headers',
    'ok',
    'error',
    'data',
    'request',
    'url',
  ]) {
    Object.defineProperty(value, name, {
      get() {
        throw new Error(`getter ${name}`);
      },
      enumerable: true,
    });
  }
  return value;
}

function cyclic(): object {
  const value: Record<string, unknown> = { status: 500 };
  value.cause = value;
  value.response = { status: 502, data: value, headers: value };
  return value;
}

/**
 * Everything a catch block can be handed, the strange included, as factories: fast-check itself
 * cannot hold a revoked Proxy, so each value is built inside the property.
 */
export const hostileValue: fc.Arbitrary<() => unknown> = fc.oneof(
  fc
    .anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withDate: true })
    .map((value) => () => value),
  fc.constantFrom(Symbol('x'), 10n, Number.NaN).map((value) => () => value),
  fc.constantFrom(throwingObject, revokedProxy, throwingGetters, cyclic),
  fc
    .record({
      status: fc.anything({ withBigInt: true }),
      response: fc.anything({ withBigInt: true }),
      agnes: fc.anything(),
    })
    .map((fields) => () => Object.assign(new Error('x'), fields, { cause: revokedProxy() })),
);
