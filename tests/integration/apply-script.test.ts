import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyScript } from "@/server/target/apply-script";
import { prepareTargetSession } from "@/server/target/session";
import { freshDatabase } from "../setup/databases";

// A schema section as pg_restore prints it: session SETs that would outlive the script, then the entries.
const SECTION = `SET client_min_messages = warning;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;

--
-- Name: mood; Type: TYPE; Schema: public; Owner: -
--

CREATE TYPE public.mood AS ENUM ('calm', 'busy');

--
-- Name: Orders 注文; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public."Orders 注文" (id integer NOT NULL, mood public.mood);
`;

let db: Awaited<ReturnType<typeof freshDatabase>>;
let client: pg.Client;

beforeAll(async () => {
  db = await freshDatabase("ferry_it_apply_script");
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await prepareTargetSession(client);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

const settings = async () =>
  (
    await client.query<{ search_path: string; check_function_bodies: string; timezone: string }>(
      "SELECT current_setting('search_path') AS search_path, current_setting('check_function_bodies') AS check_function_bodies, current_setting('TimeZone') AS timezone",
    )
  ).rows[0];

describe("applyScript", () => {
  it("applies nothing when a statement fails, names the entry and line, and gives the session back as it was", async () => {
    const before = await settings();
    const broken = `${SECTION}
--
-- Name: orders_mood; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX orders_mood ON public."Orders 注文" USING btree (moood);
`;
    await expect(applyScript(client, broken, "post-data schema")).rejects.toThrow(
      'Applying the post-data schema to the target failed, and none of it was kept: column "moood" does not exist, in INDEX orders_mood in schema public',
    );
    // A syntax error also has a place in the script.
    await expect(applyScript(client, `${SECTION}CREATE TABLEX t ();\n`, "pre-data schema")).rejects.toThrow(
      /syntax error at or near "TABLEX", in TABLE Orders 注文 in schema public\. At line 16 of the script: CREATE TABLEX t \(\);/,
    );
    const tables = await client.query("SELECT to_regclass('public.\"Orders 注文\"') AS t");
    expect(tables.rows[0].t).toBeNull();
    expect(await settings()).toEqual(before);
  });

  it("applies the whole script in one go, and the session keeps Ferry's settings, not the script's", async () => {
    const before = await settings();
    await applyScript(client, SECTION, "pre-data schema");
    const made = await client.query(
      `SELECT to_regclass('public."Orders 注文"') IS NOT NULL AS t, to_regtype('public.mood') IS NOT NULL AS m`,
    );
    expect(made.rows[0]).toEqual({ t: true, m: true });
    expect(await settings()).toEqual(before);
    expect(before).toMatchObject({ timezone: "UTC", check_function_bodies: "on" });
  });
});
