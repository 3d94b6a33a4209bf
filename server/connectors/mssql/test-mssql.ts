import type { ConnectionTestResult } from "@/contracts/connections";
import { DomainError } from "@/server/errors";
import { SERVER_SQL } from "./catalog-queries";
import type { MssqlConnectionSettings } from "./config";
import type { MssqlSession } from "./driver";

export type ServerRow = {
  product_version: string;
  edition: string;
  engine_edition: number;
  login_name: string;
  database_name: string;
  collation_name: string;
  data_bytes: string | number | null;
  table_count: number;
  can_select: number | null;
  can_view_definition: number | null;
  snapshot_isolation_state_desc: string;
  is_read_committed_snapshot_on: boolean;
  state_desc: string;
};

/** SQL Server 2016 is 13.x: the catalog queries use columns it introduced (sys.tables.is_external). */
const MIN_MAJOR = 13;
const LOCAL = new Set(["localhost", "127.0.0.1", "::1"]);

/** What a DBA needs to know before migrating from this server: who Ferry is there and what it may read. */
export async function testMssql(
  settings: MssqlConnectionSettings,
  session: () => Promise<MssqlSession>,
): Promise<ConnectionTestResult> {
  const base = { engine: "mssql" as const, testedAt: new Date().toISOString(), canBeTarget: false };
  let s: MssqlSession;
  try {
    s = await session();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return {
      ...base,
      ok: false,
      serverVersion: null,
      currentUser: null,
      database: settings.database,
      encoding: null,
      sizeBytes: null,
      tableCount: null,
      problems: [err.message],
      notes: [],
    };
  }
  const [row] = await s.query<ServerRow>(SERVER_SQL);
  return { ...base, ...judgeServer(row!, settings) };
}

/** Pure: the server's answers → problems (each with its remedy) and notes. */
export function judgeServer(
  r: ServerRow,
  settings: Pick<MssqlConnectionSettings, "host" | "encrypt" | "trustServerCertificate">,
): Omit<ConnectionTestResult, "engine" | "testedAt" | "canBeTarget"> {
  const problems: string[] = [];
  const notes: string[] = [];
  const user = r.login_name;
  const major = Number(r.product_version.split(".")[0]);
  if (major < MIN_MAJOR)
    problems.push(
      `SQL Server ${r.product_version} is older than SQL Server 2016 (13.x), the oldest Ferry reads. Migrate from a restored copy on a newer server.`,
    );
  if (r.state_desc !== "ONLINE")
    problems.push(`Database "${r.database_name}" is ${r.state_desc}, not ONLINE. Bring it online first.`);
  if (r.can_select !== 1)
    problems.push(
      `Login "${user}" may not read the tables of "${r.database_name}". In that database run: ALTER ROLE db_datareader ADD MEMBER [${user}];`,
    );
  if (r.can_view_definition !== 1)
    notes.push(
      `Login "${user}" has no VIEW DEFINITION in "${r.database_name}", so the catalog shows only tables it can read and hides computed columns' formulas. GRANT VIEW DEFINITION TO [${user}]; shows everything.`,
    );
  if (Number(r.table_count) === 0)
    problems.push(
      `Database "${r.database_name}" holds no user tables that "${user}" can see: there is nothing to migrate.`,
    );
  notes.push(
    r.snapshot_isolation_state_desc === "ON"
      ? "Snapshot isolation is enabled; Ferry still reads each table in its own READ COMMITTED statement, so stop writers for the run if the copy must be one point in time."
      : "Ferry reads each table with READ COMMITTED: rows written during the run can make the copy and its verification differ. Stop the application's writes for the run, or migrate from a restored backup.",
  );
  if (!settings.encrypt && !LOCAL.has(settings.host))
    notes.push("The connection is not encrypted. Turn encrypt on for a server that is not on this machine.");
  if (settings.encrypt && settings.trustServerCertificate)
    notes.push(
      "The server's certificate is not verified (trust server certificate): the connection is encrypted, but the server is not authenticated.",
    );
  if (r.engine_edition === 5)
    notes.push("This is Azure SQL Database: reads count against the database's DTU/vCore limits.");
  return {
    ok: problems.length === 0,
    serverVersion: `SQL Server ${r.product_version} (${r.edition})`,
    currentUser: user,
    database: r.database_name,
    encoding: r.collation_name,
    sizeBytes: r.data_bytes === null ? null : Number(r.data_bytes),
    tableCount: Number(r.table_count),
    problems,
    notes,
  };
}
