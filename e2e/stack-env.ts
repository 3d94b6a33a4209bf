// FERRY_E2E_SUFFIX and FERRY_E2E_PORT let two checkouts run the e2e side by side.
const SUFFIX = process.env.FERRY_E2E_SUFFIX ?? "";
export const E2E_PORT = Number(process.env.FERRY_E2E_PORT ?? 3100);

/** A database the e2e owns, named per checkout: e2eDb("target") → ferry_e2e_target[suffix]. */
export const e2eDb = (name = "") => `ferry_e2e${name ? `_${name}` : ""}${SUFFIX}`;
export const e2eDbUrl = (name = "", query = "") =>
  `postgres://postgres@127.0.0.1:5432/${e2eDb(name)}${query}`;

export const E2E_ENV = {
  DATABASE_URL: e2eDbUrl(),
  REDIS_URL: "redis://127.0.0.1:6379",
  FERRY_SECRET_KEY: "ZTJlLWtleS1lMmUta2V5LWUyZS1rZXktZTJlLWtleTE=",
  FERRY_REDIS_PREFIX: `ferry-e2e-${process.pid}`,
  FERRY_ADMIN_EMAIL: "admin@ferry.local",
  FERRY_ADMIN_PASSWORD: "ferry-admin-pass",
};

export const E2E_USERS = [
  { email: "admin@ferry.local", name: "Admin", role: "admin" as const, password: "ferry-admin-pass" },
  { email: "dba@ferry.local", name: "Dana DBA", role: "dba" as const, password: "ferry-dba-pass" },
  { email: "lead@ferry.local", name: "Lee Lead", role: "lead" as const, password: "ferry-lead-pass" },
  {
    email: "auditor@ferry.local",
    name: "Avery Auditor",
    role: "auditor" as const,
    password: "ferry-auditor-pass",
  },
];
