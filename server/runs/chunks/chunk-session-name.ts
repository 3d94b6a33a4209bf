/** PostgreSQL keeps 63 bytes of application_name. */
const APPLICATION_NAME_BYTES = 63;

/**
 * The application_name of a chunk's sessions, e.g. `ferry-chunk orders#3`: a DBA watching pg_stat_activity on
 * either server sees which key range each session copies, and which source and target sessions belong together.
 */
export function chunkSessionName(
  side: "ferry-chunk" | "ferry-copy-out",
  job: { table: string; seq: number },
) {
  const suffix = `#${job.seq}`;
  const room = APPLICATION_NAME_BYTES - Buffer.byteLength(`${side} ${suffix}`);
  let table = job.table;
  while (Buffer.byteLength(table) > room) table = [...table].slice(0, -1).join("");
  return `${side} ${table}${suffix}`;
}
