import { logger } from "@/server/log/logger";
import { sharedRedis } from "@/server/queue/redis";
import { recoverLostRuns } from "./recover-lost-runs";

/**
 * Looks for runs whose job Redis lost: at start, whenever the Redis connection comes back, and every
 * `everyMs`. Any number of worker processes may sweep at once: re-queuing a run is idempotent by job id.
 * Returns a stop function.
 */
export function startRecoverySweep(everyMs = 60_000): () => void {
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const ids = await recoverLostRuns();
      if (ids.length)
        logger.warn({ component: "recovery-sweep", runIds: ids }, "re-queued runs the queue had lost");
    } catch (err) {
      logger.error({ component: "recovery-sweep", err: (err as Error).message }, "recovery sweep failed");
    } finally {
      sweeping = false;
    }
  };
  const redis = sharedRedis();
  const onReady = () => void sweep();
  redis.on("ready", onReady);
  const timer = setInterval(onReady, everyMs);
  timer.unref();
  void sweep();
  return () => {
    clearInterval(timer);
    redis.off("ready", onReady);
  };
}
