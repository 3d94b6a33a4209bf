import { setTimeout } from "node:timers/promises";
import { isTransientPgError } from "@/server/connectors/postgres/transient-error";
import type { RunRecorder } from "./run-recorder";

const TRIES = 3;
const BACKOFF_MS = 1_000;

/**
 * Runs `work` again when it failed because a PostgreSQL session was lost; `work` must be idempotent (a
 * table's copy is: one transaction that empties the table first). Each retry is logged under `what`.
 */
export async function retryTransient<T>(rec: RunRecorder, what: string, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= TRIES || !isTransientPgError(err)) throw err;
      await rec.log(
        "warn",
        `${what}: the connection was lost (${(err as Error).message}); its transaction rolled back, copying it again (try ${attempt + 1} of ${TRIES}).`,
      );
      await setTimeout(BACKOFF_MS * attempt);
    }
  }
}
