import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";

/** The real worker process with the test environment; resolves when it is ready. */
export async function startWorker(
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; stop: () => Promise<void>; output: () => string }> {
  // node itself, not npx: SIGTERM and SIGKILL must reach the worker, not a wrapper that leaves it orphaned.
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 30_000;
  while (!output.includes(`"msg":"worker ready"`)) {
    if (child.exitCode !== null) throw new Error(`worker exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}
