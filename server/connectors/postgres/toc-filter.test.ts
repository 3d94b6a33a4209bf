import { describe, expect, it } from "vitest";
import { filterTocList, indexEntries } from "./toc-filter";

const LIST = `;
; Archive created at 2026-11-23 13:30:00 UTC
;
; Selected TOC Entries:
;
5; 2615 16390 SCHEMA - Sales Data postgres
2; 3079 16391 EXTENSION - citext -
4210; 0 0 COMMENT - EXTENSION citext
220; 1259 16400 TABLE Sales Data Orders 注文 postgres
221; 1259 16410 TABLE public customers postgres
3300; 2606 16420 CONSTRAINT Sales Data Orders 注文 Orders 注文_pkey postgres
3301; 1259 16430 INDEX public customers_email postgres
3349; 0 0 ACL - SCHEMA "Sales Data" postgres
3350; 0 0 ACL public TABLE customers postgres
4034; 0 0 SEQUENCE OWNED BY Sales Data Orders 注文_id_seq postgres
3302; 2606 16440 FK CONSTRAINT public customers customers_org_fkey postgres
3303; 2606 16450 CHECK CONSTRAINT public customers customers_check postgres
3304; 0 0 INDEX ATTACH public events_2024_at_idx postgres
`;

describe("filterTocList", () => {
  it("drops exactly the entries whose object OID is excluded, whatever their names hold", () => {
    const { list, dropped } = filterTocList(LIST, {
      oids: new Set(["16390", "16400", "16420"]),
      entryTags: ['ACL - SCHEMA "Sales Data"', "SEQUENCE OWNED BY Sales Data Orders 注文_id_seq"],
    });
    expect(dropped).toBe(5);
    expect(list).not.toMatch(/Sales Data/);
    expect(list).toMatch(/TABLE public customers/);
    expect(list).toMatch(/INDEX public customers_email/);
    expect(list).toMatch(/EXTENSION - citext/);
    expect(list).toMatch(/ACL public TABLE customers/);
  });

  it("keeps comments and entries without an object (OID 0), and everything when nothing is excluded", () => {
    expect(filterTocList(LIST, { oids: new Set(), entryTags: [] }).list).toBe(LIST);
    expect(filterTocList(LIST, { oids: new Set(["0"]), entryTags: [] }).list).toMatch(
      /COMMENT - EXTENSION citext/,
    );
  });
});

describe("indexEntries", () => {
  it("finds the entries that build indexes (CREATE INDEX, key, unique or exclusion constraints) and the FKs", () => {
    expect(indexEntries(LIST)).toEqual([
      {
        line: "3300; 2606 16420 CONSTRAINT Sales Data Orders 注文 Orders 注文_pkey postgres",
        catalog: "pg_constraint",
        oid: "16420",
        type: "CONSTRAINT",
      },
      {
        line: "3301; 1259 16430 INDEX public customers_email postgres",
        catalog: "pg_class",
        oid: "16430",
        type: "INDEX",
      },
      {
        line: "3302; 2606 16440 FK CONSTRAINT public customers customers_org_fkey postgres",
        catalog: "pg_constraint",
        oid: "16440",
        type: "FK CONSTRAINT",
      },
    ]);
  });
});
