// Redis AttemptLimiter shared by every process of the suite.
// Invariants: INCR and the first PEXPIRE run in one Lua script, so a crash between them can never
// leave a counter without expiry (which would lock an account forever).
import type { Redis } from 'ioredis';
import type { AttemptLimiter, AttemptWindow } from './attempt-limiter.js';

const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}`;

/** AttemptLimiter on Redis; keys are namespaced with `prefix`. */
export class RedisAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kestrel:auth:attempts:',
  ) {}

  async hit(key: string, windowMs: number): Promise<AttemptWindow> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.prefix + key, String(windowMs))) as [number, number];
    return { count, resetInMs: Math.max(ttl, 0) };
  }

  async peek(key: string): Promise<AttemptWindow> {
    const [[, count], [, ttl]] = (await this.redis.multi().get(this.prefix + key).pttl(this.prefix + key).exec()) as [
      [unknown, string | null],
      [unknown, number],
    ];
    return count === null ? { count: 0, resetInMs: 0 } : { count: Number(count), resetInMs: Math.max(ttl, 0) };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
