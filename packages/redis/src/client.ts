/** The ioredis call shape: `eval(script, numKeys, ...keysAndArgs)`. */
export interface IORedisLike {
  eval(script: string, numKeys: number, ...keysAndArguments: (string | number)[]): Promise<unknown>;
}

/** The node-redis (v4+) call shape: `eval(script, { keys, arguments })`. */
export interface NodeRedisLike {
  readonly isOpen: boolean;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** A connected ioredis or node-redis client. */
export type RedisClientLike = IORedisLike | NodeRedisLike;

/** Runs a script on either client. */
export function runScript(
  client: RedisClientLike,
  script: string,
  keys: string[],
  args: string[],
): Promise<unknown> {
  if ('isOpen' in client) return (client as NodeRedisLike).eval(script, { keys, arguments: args });
  return (client as IORedisLike).eval(script, keys.length, ...keys, ...args);
}
