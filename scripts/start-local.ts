// Runs the web app (port 3000) and one worker, and stops both together.
import { spawn, type ChildProcess } from "node:child_process";
import { loadEnvFile } from "@/server/config/load-env-file";

loadEnvFile();
const children: ChildProcess[] = [
  spawn("npx", ["next", "start", "-p", process.env.PORT ?? "3000"], { stdio: "inherit", env: process.env }),
  spawn(process.execPath, ["--max-old-space-size=128", "dist/main.js"], {
    stdio: "inherit",
    env: process.env,
  }),
];
console.log(
  `[ferry] open http://localhost:${process.env.PORT ?? "3000"} and sign in as ${process.env.FERRY_ADMIN_EMAIL ?? "admin@ferry.local"}`,
);
const stop = (signal: NodeJS.Signals) => children.forEach((c) => c.kill(signal));
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
for (const c of children)
  c.on("exit", (code) => {
    stop("SIGTERM");
    process.exitCode = code ?? 0;
  });
