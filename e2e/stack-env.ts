export const E2E_ENV = {
  DATABASE_URL: "postgres://postgres@127.0.0.1:5432/ferry_e2e",
  REDIS_URL: "redis://127.0.0.1:6379",
  FERRY_SECRET_KEY: "ZTJlLWtleS1lMmUta2V5LWUyZS1rZXktZTJlLWtleTE=",
  FERRY_REDIS_PREFIX: `ferry-e2e-${process.pid}`,
  FERRY_ADMIN_EMAIL: "admin@ferry.local",
  FERRY_ADMIN_PASSWORD: "ferry-admin-pass",
};

export const E2E_USERS = [
  { email: "admin@ferry.local", name: "Admin", role: "admin" as const, password: "ferry-admin-pass" },
  { email: "dba@ferry.local", name: "Dana DBA", role: "dba" as const, password: "ferry-dba-pass" },
  {
    email: "auditor@ferry.local",
    name: "Avery Auditor",
    role: "auditor" as const,
    password: "ferry-auditor-pass",
  },
];
