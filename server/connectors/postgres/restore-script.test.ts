import { describe, expect, it } from "vitest";
import { serverScript, splitRestoreScript } from "./restore-script";

// pg_restore 15's output for three post-data entries, one of them in another tablespace.
const SCRIPT = `--
-- PostgreSQL database dump
--

\\restrict Db5isffqd2scUsDq

-- Dumped from database version 15.20

SET statement_timeout = 0;
SET client_encoding = 'UTF8';
SELECT pg_catalog.set_config('search_path', '', false);
SET row_security = off;

SET default_tablespace = '';

--
-- Name: Orders 注文 Orders 注文_pkey; Type: CONSTRAINT; Schema: Sales Data; Owner: -
--

ALTER TABLE ONLY "Sales Data"."Orders 注文"
    ADD CONSTRAINT "Orders 注文_pkey" PRIMARY KEY (id);


SET default_tablespace = fast;

--
-- Name: notes_text; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX notes_text ON public.notes USING btree (body) WHERE (body <> '
-- not a comment

SET x = 1;');


SET default_tablespace = '';

--
-- Name: notes notes_owner_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.notes
    ADD CONSTRAINT notes_owner_fkey FOREIGN KEY (owner) REFERENCES public.owners(id);


--
-- PostgreSQL database dump complete
--

\\unrestrict Db5isffqd2scUsDq

`;

describe("splitRestoreScript", () => {
  it("gives each entry its own SQL, with the tablespace pg_restore set for it, and the session's settings", () => {
    const out = splitRestoreScript(SCRIPT, ["CONSTRAINT", "INDEX", "FK CONSTRAINT"]);
    expect(out?.prologue).toBe(
      "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\nSELECT pg_catalog.set_config('search_path', '', false);\nSET row_security = off;\nSET default_tablespace = '';",
    );
    expect(out?.statements).toEqual([
      'ALTER TABLE ONLY "Sales Data"."Orders 注文"\n    ADD CONSTRAINT "Orders 注文_pkey" PRIMARY KEY (id);',
      "SET default_tablespace = fast;\n\n\nCREATE INDEX notes_text ON public.notes USING btree (body) WHERE (body <> '\n-- not a comment\n\nSET x = 1;');",
      "SET default_tablespace = '';\n\n\nALTER TABLE ONLY public.notes\n    ADD CONSTRAINT notes_owner_fkey FOREIGN KEY (owner) REFERENCES public.owners(id);",
    ]);
  });

  it("refuses a script whose entries are not the ones expected, so nothing runs out of place", () => {
    expect(splitRestoreScript(SCRIPT, ["CONSTRAINT", "INDEX"])).toBeNull();
    expect(splitRestoreScript(SCRIPT, ["CONSTRAINT", "FK CONSTRAINT", "INDEX"])).toBeNull();
    expect(splitRestoreScript("SET x = 1;\n", ["INDEX"])).toBeNull();
  });
});

describe("serverScript", () => {
  it("drops psql's \\restrict fence, and only it: the same text inside a statement stays", () => {
    const script = `${SCRIPT}CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$SELECT '
\\restrict other'$$;\n`;
    const out = serverScript(script);
    expect(out).not.toMatch(/^\\(un)?restrict Db5isffqd2scUsDq$/m);
    expect(out).toContain("\\restrict other'$$;");
    expect(out.split("\n")).toHaveLength(script.split("\n").length - 2);
  });

  it("leaves a script without the fence (pg_restore before 15.14) as it is", () => {
    expect(serverScript("SET x = 1;\nCREATE TABLE t ();\n")).toBe("SET x = 1;\nCREATE TABLE t ();\n");
  });
});
