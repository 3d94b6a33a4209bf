import { setTimeout } from "node:timers/promises";
import type { RunPhase, RunStatus } from "@/contracts/runs";
import { env } from "@/server/config/env";
import { CopyCancelled } from "@/server/copy/copy-table";
import type { RunRecorder } from "./run-recorder";

/**
 * Records that the run enters `phase`, then stops it if a cancel was asked for. Each phase either runs to
 * its end or does not start, so a cancel seen here leaves the target as the previous phase left it.
 */
export async function enterPhase(rec: RunRecorder, status: RunStatus, phase: RunPhase): Promise<void> {
  await rec.status(status, phase);
  const delay = env().FERRY_TEST_PHASE_DELAY_MS;
  if (delay) await setTimeout(delay);
  if (await rec.cancelRequested(true)) throw new CopyCancelled();
}
