import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "@": fileURLToPath(new URL("./", import.meta.url)),
  // Route handlers are called directly in integration tests; the marker only matters inside Next.
  "server-only": fileURLToPath(new URL("./tests/setup/server-only-stub.ts", import.meta.url)),
};

// FERRY_IT_DB lets two checkouts run integration tests side by side without sharing Ferry's database.
const itDb = process.env.FERRY_IT_DB ?? "ferry_it";

/** Integration tests own these: a Ferry database, a data dir and a Redis prefix of their own. */
export const INTEGRATION_ENV = {
  DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${itDb}`,
  REDIS_URL: "redis://127.0.0.1:6379",
  FERRY_SECRET_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMTIzNDU=",
  FERRY_DATA_DIR: `data/test-it-${itDb}`,
  // Per run, so a worker left over from another run can never take this run's jobs.
  FERRY_REDIS_PREFIX: `ferry-it-${process.pid}`,
  FERRY_ADMIN_EMAIL: "admin@ferry.local",
  FERRY_ADMIN_PASSWORD: "ferry-admin-pass",
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["server/**/*.test.ts", "contracts/**/*.test.ts", "components/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/isolate-file.ts"],
          env: INTEGRATION_ENV,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
