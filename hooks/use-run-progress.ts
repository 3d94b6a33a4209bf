"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { applyRunEvent, RunEvent, RunSnapshot } from "@/contracts/runs";
import { api } from "./api-client";
import { keys } from "./query-keys";

/** Snapshot over HTTP once, then the run's event stream folds into the same cache entry: one source of truth. */
export function useRunProgress(runId: string) {
  const qc = useQueryClient();
  const query = useQuery({
    queryKey: keys.run(runId),
    queryFn: () => api(`/api/runs/${runId}`, RunSnapshot),
    staleTime: Infinity,
    // A finished run's stream has ended: a rollback under way is followed by polling instead.
    refetchInterval: (q) =>
      ["queued", "running"].includes(q.state.data?.rollback?.status ?? "") ? 1000 : false,
  });
  const loaded = query.isSuccess;

  useEffect(() => {
    if (!loaded) return;
    const cursor = qc.getQueryData<RunSnapshot>(keys.run(runId))?.eventCursor ?? "0";
    const source = new EventSource(`/api/runs/${runId}/events?after=${encodeURIComponent(cursor)}`);
    source.onmessage = (message) => {
      const event = RunEvent.safeParse(JSON.parse(message.data));
      if (event.success)
        qc.setQueryData<RunSnapshot>(keys.run(runId), (snap) => snap && applyRunEvent(snap, event.data));
    };
    source.addEventListener("end", () => {
      source.close();
      void qc.invalidateQueries({ queryKey: keys.run(runId) }); // settle on the durable final state
    });
    return () => source.close(); // while mounted, the browser reconnects itself with Last-Event-ID
  }, [runId, loaded, qc]);

  return query;
}
