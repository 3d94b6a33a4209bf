"use client";

import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { BoardEvent, MigrationEvent } from "@/contracts/migration-events";
import { keys } from "./query-keys";

function invalidateFor(qc: QueryClient, migrationId: string, event: MigrationEvent) {
  const invalidate = (queryKey: readonly unknown[]) => void qc.invalidateQueries({ queryKey, exact: true });
  if (event.type === "preflight.changed") {
    invalidate(keys.preflight(migrationId));
    invalidate(keys.checklist(migrationId)); // its verdicts tick items
  } else if (event.type === "checklist.changed") {
    invalidate(keys.checklist(migrationId));
  } else {
    invalidate(keys.migrationRuns(migrationId));
    invalidate(keys.migration(migrationId));
  }
}

/**
 * Keeps a migration's page live: another user's tick, approval or waiver, a preflight finishing or a run
 * changing status refetches what it touched. On every (re)connect everything is refetched once, so nothing
 * that happened before the stream opened is missed.
 */
export function useMigrationEvents(migrationId: string) {
  const qc = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`/api/migrations/${migrationId}/events`);
    source.onopen = () => void qc.invalidateQueries({ queryKey: keys.migration(migrationId) });
    source.onmessage = (message) => {
      const event = MigrationEvent.safeParse(JSON.parse(message.data));
      if (event.success) invalidateFor(qc, migrationId, event.data);
    };
    return () => source.close(); // while mounted, the browser reconnects itself with Last-Event-ID
  }, [migrationId, qc]);
}

/** The board refetches its one query whenever any migration changes (a global stream, not polling). */
export function useBoardEvents() {
  const qc = useQueryClient();
  useEffect(() => {
    const source = new EventSource("/api/board/events");
    source.onopen = () => void qc.invalidateQueries({ queryKey: keys.board });
    source.onmessage = (message) => {
      if (BoardEvent.safeParse(JSON.parse(message.data)).success)
        void qc.invalidateQueries({ queryKey: keys.board });
    };
    return () => source.close();
  }, [qc]);
}
