import path from "node:path";
import * as z from "zod";

const Env = z.object({
  DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/ferry"),
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** 32 bytes, base64: encrypts connection secrets at rest. */
  FERRY_SECRET_KEY: z.string().optional(),
  FERRY_DATA_DIR: z.string().default("data"),
  FERRY_ADMIN_EMAIL: z.string().default("admin@ferry.local"),
  FERRY_ADMIN_PASSWORD: z.string().default("ferry-admin-pass"),
  FERRY_REDIS_PREFIX: z.string().default("ferry"),
  FERRY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  /** Chunk jobs this worker process copies at once (each is one source and one target connection). */
  FERRY_CHUNK_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  /** How long a job stays locked to a worker that stopped answering before another may take it over. */
  FERRY_JOB_LOCK_MS: z.coerce.number().int().min(2_000).max(600_000).default(30_000),
  /** On SIGTERM, how long a worker lets its current chunk jobs finish before it exits and hands them back. */
  FERRY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(25_000),
  FERRY_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(4 * 1024 ** 3),
  /**
   * Tests only: a pause at the start of every run phase, so a fault test can see the phase and act in it
   * (cancel). Never set it in production.
   */
  FERRY_TEST_PHASE_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /** Absolute session lifetime, however active. */
  FERRY_SESSION_HOURS: z.coerce.number().positive().default(12),
  /** A session unused this long is over. */
  FERRY_SESSION_IDLE_MINUTES: z.coerce.number().positive().default(60),
  /** Failed sign-ins per account, and per client address, before it is locked for FERRY_LOGIN_LOCK_MINUTES. */
  FERRY_LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  FERRY_LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().positive().default(20),
  FERRY_LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  NODE_ENV: z.string().default("development"),
});
export type Env = z.infer<typeof Env>;

let cached: Env | undefined;

/** The only reader of process.env. */
export function env(): Env {
  cached ??= Env.parse(process.env);
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().FERRY_DATA_DIR);
}

export function uploadsDir(): string {
  return path.join(dataDir(), "uploads");
}
