import { BoardEvent, MigrationEvent } from "@/contracts/migration-events";
import { env } from "@/server/config/env";
import { logger } from "@/server/log/logger";
import { sharedRedis } from "@/server/queue/redis";

export const migrationEventsKey = (migrationId: string) =>
  `${env().FERRY_REDIS_PREFIX}:migration:${migrationId}:events`;
export const boardEventsKey = () => `${env().FERRY_REDIS_PREFIX}:board:events`;

const MAX_EVENTS = 1_000;

type Unstamped = MigrationEvent extends infer E ? (E extends { at: string } ? Omit<E, "at"> : never) : never;

/**
 * Tells open pages that a migration changed: its own stream (the migration page) and the global one (the
 * board). Call it after the transaction commits, so a page that refetches sees the change. Durable truth is
 * in PostgreSQL, so a lost event only delays a page until its next refetch: a Redis hiccup is logged, not thrown.
 */
export async function publishMigrationEvent(migrationId: string, event: Unstamped): Promise<void> {
  const parsed = MigrationEvent.parse({ ...event, at: new Date().toISOString() });
  const board = BoardEvent.parse({ migrationId, event: parsed });
  try {
    const key = migrationEventsKey(migrationId);
    await sharedRedis()
      .multi()
      .xadd(key, "MAXLEN", "~", MAX_EVENTS, "*", "e", JSON.stringify(parsed))
      .expire(key, 7 * 24 * 3600)
      .xadd(boardEventsKey(), "MAXLEN", "~", MAX_EVENTS, "*", "e", JSON.stringify(board))
      .exec();
  } catch (err) {
    logger.warn({ err, migrationId, type: parsed.type }, "could not publish a migration event");
  }
}
