import { EventSource } from "eventsource";
import { applyRunEvent, RunEvent, RunSnapshot, TERMINAL_STATUSES } from "@/contracts/runs";
import { CliError, type ApiClient } from "./api-client";

/**
 * Follows a run from its snapshot through its event stream until its final status, calling `onChange` after
 * every event. The stream resumes from the last event after a dropped connection, as a browser's does.
 */
export async function followRun(
  api: ApiClient,
  runId: string,
  onChange: (run: RunSnapshot, event: RunEvent | null) => void,
): Promise<RunSnapshot> {
  let run = RunSnapshot.parse(await api.json(`/api/runs/${runId}`));
  onChange(run, null);
  if (TERMINAL_STATUSES.includes(run.status)) return run;
  const url = new URL(`/api/runs/${runId}/events?after=${encodeURIComponent(run.eventCursor)}`, api.baseUrl);
  const events = new EventSource(url, { fetch: api.fetch });
  try {
    return await new Promise<RunSnapshot>((resolve, reject) => {
      events.onmessage = (m) => {
        const parsed = RunEvent.safeParse(JSON.parse(m.data));
        if (!parsed.success) return;
        run = applyRunEvent(run, parsed.data);
        onChange(run, parsed.data);
        if (TERMINAL_STATUSES.includes(run.status)) resolve(run);
      };
      events.onerror = (e) => {
        // Closed for good (signed out, the run gone); a dropped connection is retried by EventSource itself.
        if (events.readyState === EventSource.CLOSED)
          reject(new CliError(`Following run ${runId} stopped: ${e.message ?? `HTTP ${e.code ?? "error"}`}`));
      };
    });
  } finally {
    events.close();
  }
}
