import { existsSync } from "node:fs";

/** Scripts and the worker read .env.local like Next does, so one file configures every process. */
export function loadEnvFile(file = ".env.local"): void {
  if (existsSync(file)) process.loadEnvFile(file);
}
