import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/server/config/env";
import { DomainError } from "@/server/errors";
import { sharedRedis } from "@/server/queue/redis";

type Limiter = { limiter: RateLimiterRedis; max: number; what: string };

let limiters: { account: Limiter; address: Limiter } | undefined;

function make(kind: string, max: number, what: string): Limiter {
  const lockSeconds = Math.round(env().FERRY_LOGIN_LOCK_MINUTES * 60);
  return {
    max,
    what,
    limiter: new RateLimiterRedis({
      storeClient: sharedRedis(),
      keyPrefix: `${env().FERRY_REDIS_PREFIX}:login-failures:${kind}`,
      points: max,
      duration: lockSeconds,
      // Fail at once rather than queue behind a reconnect: a sign-in must not hang while Redis is down.
      rejectIfRedisNotReady: true,
    }),
  };
}

function all() {
  limiters ??= {
    account: make("account", env().FERRY_LOGIN_MAX_FAILURES, "this account"),
    address: make("address", env().FERRY_LOGIN_MAX_FAILURES_PER_IP, "your address"),
  };
  return limiters;
}

const keysFor = (email: string, address: string | null) =>
  [[all().account, email.toLowerCase()], ...(address ? [[all().address, address]] : [])] as [
    Limiter,
    string,
  ][];

const locked = (l: Limiter, ms: number) =>
  new DomainError(
    429,
    "login_locked",
    `Too many failed sign-ins for ${l.what}: sign-in is locked for ${Math.max(1, Math.ceil(ms / 60_000))} more minute(s). Wait, or ask an admin to reset the password.`,
  );

/** Without the failure counts there is no lock-out, so sign-in is refused rather than left unguarded. */
const unavailable = () =>
  new DomainError(
    503,
    "login_unavailable",
    "Sign-in is unavailable: Ferry cannot reach Redis, where it counts failed sign-ins. Try again shortly.",
  );

/** A process's first sign-in may come while its Redis connection is still being made: wait briefly. */
async function redisReady(ms: number): Promise<void> {
  const redis = sharedRedis();
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    redis.once("ready", done);
  });
}

/** Throws 429 while the account or the client address is locked; the same answer for unknown accounts. */
export async function assertLoginAllowed(email: string, address: string | null): Promise<void> {
  await redisReady(2_000);
  for (const [l, key] of keysFor(email, address)) {
    const res = await l.limiter.get(key).catch(() => {
      throw unavailable();
    });
    if (res && res.consumedPoints >= l.max) throw locked(l, res.msBeforeNext);
  }
}

/** Counts a failure; the one that reaches the limit locks for FERRY_LOGIN_LOCK_MINUTES from now. */
export async function recordLoginFailure(email: string, address: string | null): Promise<DomainError | null> {
  let lock: DomainError | null = null;
  for (const [l, key] of keysFor(email, address)) {
    const res = await l.limiter.consume(key).catch((r: unknown) => {
      if (r instanceof RateLimiterRes) return r;
      throw r;
    });
    if (res.consumedPoints >= l.max) {
      const lockSeconds = Math.round(env().FERRY_LOGIN_LOCK_MINUTES * 60);
      await l.limiter.block(key, lockSeconds);
      lock ??= locked(l, lockSeconds * 1000);
    }
  }
  return lock;
}

/** A successful sign-in clears the account's count; the address's stays, so one good account cannot launder it. */
export async function clearLoginFailures(email: string): Promise<void> {
  await all().account.limiter.delete(email.toLowerCase());
}
