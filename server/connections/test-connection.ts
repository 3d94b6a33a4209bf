import { eq } from "drizzle-orm";
import type { ConnectionTestResult, SourceTable } from "@/contracts/connections";
import type { SessionUser } from "@/contracts/roles";
import { recordAudit } from "@/server/audit/record-audit";
import { testPostgres } from "@/server/connectors/postgres/test-postgres";
import { db } from "@/server/db/client";
import { connections } from "@/server/db/schema";
import { loadConnection } from "./load-connection";
import { openSource } from "./open-source";

export async function testConnection({
  actor,
  id,
}: {
  actor: SessionUser;
  id: string;
}): Promise<ConnectionTestResult> {
  const connection = await loadConnection(id);
  let result: ConnectionTestResult;
  if (connection.engine === "postgres") {
    result = await testPostgres(connection.settings);
    // Reachable: add what a DBA checks before moving it (object inventory, extensions).
    if (result.serverVersion) {
      const source = await openSource(connection);
      try {
        result = await source.test();
      } finally {
        await source.close();
      }
    }
  } else {
    const source = await openSource(connection);
    try {
      result = await source.test();
    } finally {
      await source.close();
    }
  }
  await db().transaction(async (tx) => {
    await tx
      .update(connections)
      .set({ lastTestOk: result.ok, lastTestAt: new Date(result.testedAt) })
      .where(eq(connections.id, id));
    await recordAudit(tx, {
      actor,
      action: "connection.test",
      objectType: "connection",
      objectId: id,
      details: { ok: result.ok, problems: result.problems },
    });
  });
  return result;
}

export async function listSourceTables(id: string): Promise<SourceTable[]> {
  const source = await openSource(await loadConnection(id));
  try {
    return await source.listTables();
  } finally {
    await source.close();
  }
}
