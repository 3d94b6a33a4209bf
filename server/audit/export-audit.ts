import type { AuditQuery } from "@/contracts/audit";
import type { SessionUser } from "@/contracts/roles";
import { db } from "@/server/db/client";
import { csvLine } from "@/server/reports/render-csv";
import { allAudit } from "./list-audit";
import { recordAudit } from "./record-audit";

export const AUDIT_CSV_HEADER = ["id", "at", "actor", "action", "object_type", "object_id", "details"];

/**
 * The matching trail as RFC 4180 CSV (formula-safe cells), streamed; details as compact JSON. The export
 * itself is recorded first, so the trail shows who took a copy of it and with which filters.
 */
export async function exportAuditCsv({
  actor,
  query,
}: {
  actor: SessionUser;
  query: AuditQuery;
}): Promise<ReadableStream<Uint8Array>> {
  const { page: _page, pageSize: _size, ...filters } = query;
  await recordAudit(db(), {
    actor,
    action: "audit.export",
    objectType: "audit",
    objectId: null,
    details: filters,
  });
  const encoder = new TextEncoder();
  const events = allAudit(query);
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        return controller.enqueue(encoder.encode(csvLine(AUDIT_CSV_HEADER)));
      }
      const lines: string[] = [];
      for (let i = 0; i < 500; i++) {
        const next = await events.next();
        if (next.done) {
          if (lines.length) controller.enqueue(encoder.encode(lines.join("")));
          return controller.close();
        }
        const e = next.value;
        lines.push(
          csvLine([
            e.id,
            e.at,
            e.actor ?? "ferry",
            e.action,
            e.objectType,
            e.objectId ?? "",
            JSON.stringify(e.details),
          ]),
        );
      }
      controller.enqueue(encoder.encode(lines.join("")));
    },
    async cancel() {
      await events.return(undefined);
    },
  });
}
