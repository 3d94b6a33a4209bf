import type pg from "pg";

/** Every Ferry session on a target reads and writes dates one way, whatever the server's defaults. */
export async function prepareTargetSession(client: pg.Client): Promise<void> {
  await client.query(
    "SET DateStyle = 'ISO, YMD'; SET TimeZone = 'UTC'; SET client_encoding = 'UTF8'; SET statement_timeout = 0",
  );
}

/** Puts a session whose settings a script changed (pg_restore's SETs) back to Ferry's. */
export async function resetTargetSession(client: pg.Client): Promise<void> {
  await client.query("RESET ALL");
  await prepareTargetSession(client);
}
