import { availableParallelism } from "node:os";
import { Piscina } from "piscina";
import { renderPage, type PageResult, type PageTask } from "./render-page";

export type PageRenderer = (task: PageTask) => Promise<PageResult>;

let pool: Piscina | undefined;

// From source (tsx) the thread runs the .ts file; in the worker bundle (dist/) it runs its bundled sibling.
const threadFile = import.meta.url.endsWith(".ts")
  ? new URL("./render-thread.ts", import.meta.url)
  : new URL("./render-thread.js", import.meta.url);

/** SQLite renders pages on every core; the worker's main thread only feeds PostgreSQL. */
export const threadRenderer: PageRenderer = (task) => {
  pool ??= new Piscina({
    filename: threadFile.href,
    maxThreads: Math.max(1, Math.min(4, availableParallelism())),
    idleTimeout: 300_000,
  });
  return pool.run(task);
};

/** Same work on the calling thread: for tests and for hosts without a TypeScript loader in threads. */
export const inlineRenderer: PageRenderer = async (task) => renderPage(task);

export async function closeRenderPool(): Promise<void> {
  await pool?.destroy();
  pool = undefined;
}
