import { PREVIEW_ROWS, type TablePreview } from "@/contracts/connections";
import { MigrationOptions } from "@/contracts/migrations";
import { tableKey } from "@/server/catalog/catalog";
import { ConversionError } from "@/server/copy/conversion-error";
import { toInputText } from "@/server/copy/source-values";
import { badRequest, notFound } from "@/server/errors";
import { loadConnection } from "./load-connection";
import { openSource } from "./open-source";

/**
 * The first rows of one table rendered exactly as COPY will send them (toInputText by the mapped type), so a
 * wrong text encoding or a value that will not convert shows before anything moves.
 */
export async function previewTable(id: string, table: string): Promise<TablePreview> {
  const source = await openSource(await loadConnection(id));
  try {
    if (!source.readRows)
      throw badRequest("no_preview", `The ${source.engine} connector has no row preview.`);
    const [t] = (await source.introspect([table])).tables.filter((x) => tableKey(x) === table);
    if (!t) throw notFound(`Table "${table}"`);
    const options = MigrationOptions.parse({});
    const notes: string[] = [];
    const columns = t.columns.map((c) => {
      try {
        return { name: c.name, sourceType: c.declaredType, ...source.mapType(c.declaredType, options) };
      } catch (err) {
        notes.push(`Column "${c.name}": ${(err as Error).message}`);
        return null;
      }
    });
    const readable = columns.filter((c) => c !== null);
    const rows: (string | null)[][] = [];
    for await (const batch of source.readRows(t, {
      columns: readable.map((c) => c.name),
      orderByKey: false,
      batchRows: PREVIEW_ROWS,
    })) {
      for (const row of batch.slice(0, PREVIEW_ROWS - rows.length)) {
        rows.push(
          readable.map((c, i) => {
            try {
              const text = toInputText(c.kind, row[i], c.name);
              return text !== null && c.kind === "bytea" && text.length > 66 ? `${text.slice(0, 66)}…` : text;
            } catch (err) {
              if (!(err instanceof ConversionError)) throw err;
              notes.push(`Row ${rows.length + 1}, ${err.message}`);
              return "⚠ will not convert";
            }
          }),
        );
      }
      if (rows.length >= PREVIEW_ROWS) break;
    }
    return {
      table,
      columns: readable.map((c) => ({ name: c.name, sourceType: c.sourceType, pgType: c.pgType })),
      rows,
      rowCount: t.rowCount,
      encoding: "encodingNote" in source ? String(source.encodingNote) : null,
      notes,
    };
  } finally {
    await source.close();
  }
}
