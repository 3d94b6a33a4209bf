import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { renderPage, type PageResult, type PageTask } from "./render-page";

export type PageRenderer = (task: PageTask) => Promise<PageResult>;

let pool: Piscina | undefined;

// From source (tsx) the thread runs the .ts file; in the worker bundle (dist/) its bundled sibling. Computed at
// run time so the web app's bundler does not try to bundle a thread it never starts.
function threadFile(): string {
  const here = fileURLToPath(import.meta.url);
  const ext = path.extname(here) === ".ts" ? ".ts" : ".js";
  return pathToFileURL(path.join(path.dirname(here), `render-thread${ext}`)).href;
}

/** SQLite renders pages on every core; the worker's main thread only feeds PostgreSQL. */
export const threadRenderer: PageRenderer = (task) => {
  pool ??= new Piscina({
    filename: threadFile(),
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
