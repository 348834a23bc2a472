export type { IORedisLike, NodeRedisLike, RedisClientLike } from './client.ts';
export {
  createRedisStore,
  type RedisFallbackEvent,
  type RedisRateLimitStore,
  type RedisStoreOptions,
} from './store.ts';
