import { describe, expect, it } from "vitest";
import { AnalyzeLanes } from "./analyze-lanes";

const ROWS: Record<string, number> = { big: 650_000, bigger: 900_000, mid: 50_000, a: 10, b: 20, c: 30 };

/** Lanes whose statements each wait for a session until `grant` is called; `statements` lists what each took. */
function harness(lanes: { n: number }) {
  const statements: string[][] = [];
  const sessions: (() => void)[] = [];
  const analyze = new AnalyzeLanes({
    lanes: () => lanes.n,
    isSmall: (k) => ROWS[k]! <= 10_000,
    rows: (k) => ROWS[k]!,
    analyze: (take) =>
      new Promise<void>((resolve) =>
        sessions.push(() => {
          statements.push(take());
          resolve();
        }),
      ),
  });
  const grant = async () => {
    sessions.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { analyze, statements, sessions, grant };
}

describe("AnalyzeLanes", () => {
  it("runs one statement per lane; small tables that wait for its session join it", async () => {
    const { analyze, statements, sessions, grant } = harness({ n: 1 });
    analyze.add("a");
    analyze.add("b");
    analyze.add("c");
    expect(sessions).toHaveLength(1); // one lane: the others wait for the statement under way
    await grant();
    expect(statements).toEqual([["a", "b", "c"]]);
    expect(sessions).toHaveLength(0);
    await analyze.drained();
  });

  it("gives each big table a statement of its own, largest first, and the small ones one together", async () => {
    const { analyze, statements, grant } = harness({ n: 1 });
    for (const k of ["a", "mid", "b", "big", "bigger"]) analyze.add(k);
    await grant();
    await grant();
    await grant();
    await grant();
    expect(statements).toEqual([["bigger"], ["big"], ["mid"], ["a", "b"]]);
    await analyze.drained();
  });

  it("starts more statements side by side when more lanes open, and drains all of them", async () => {
    const lanes = { n: 1 };
    const { analyze, statements, sessions, grant } = harness(lanes);
    for (const k of ["big", "bigger", "mid"]) analyze.add(k);
    expect(sessions).toHaveLength(1);
    lanes.n = 3;
    analyze.start();
    expect(sessions).toHaveLength(3);
    let drained = false;
    const done = analyze.drained().then(() => (drained = true));
    await grant();
    await grant();
    expect(drained).toBe(false);
    await grant();
    await done;
    expect(statements).toEqual([["bigger"], ["big"], ["mid"]]);
  });

  it("keeps going after a statement fails", async () => {
    let calls = 0;
    const taken: string[][] = [];
    const analyze = new AnalyzeLanes({
      lanes: () => 1,
      isSmall: () => false,
      rows: (k) => ROWS[k]!,
      analyze: async (take) => {
        taken.push(take());
        if (++calls === 1) throw new Error("lost the session");
      },
    });
    analyze.add("big");
    analyze.add("mid");
    await analyze.drained();
    expect(taken).toEqual([["big"], ["mid"]]);
  });
});
