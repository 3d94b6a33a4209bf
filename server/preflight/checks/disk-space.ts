import { statfs } from "node:fs/promises";
import { fail, pass, warn, type PreflightCheck } from "../check";
import { isLocalHost } from "../context";

export const formatBytes = (n: number): string => {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`;
};

/** The runbook's rule: free space on the target of at least twice the data (rows, indexes, WAL, a rollback dump). */
export function diskVerdict(freeBytes: number | null, dataBytes: number | null) {
  const need = dataBytes === null ? null : dataBytes * 2;
  if (freeBytes === null)
    return need === null
      ? warn(
          "Free space on the target's host is unknown (it is not on Ferry's machine), and the source's data size cannot be estimated cheaply.",
          "Check the target volume by hand: it needs at least twice the source's data size free (df -h on the data directory, or the cloud console's storage metric).",
        )
      : warn(
          `Free space on the target's host is unknown (it is not on Ferry's machine). The data is about ${formatBytes(dataBytes!)}, so the runbook asks for ${formatBytes(need)} free.`,
          `Confirm at least ${formatBytes(need)} free on the target's data volume (df -h on the data directory, or the cloud console's storage metric) before the run.`,
        );
  if (need === null)
    return warn(
      `${formatBytes(freeBytes)} free on the target's data volume; the source's data size cannot be estimated cheaply, so the 2× rule cannot be checked.`,
      "Compare the source's size (its file or pg_database_size) with the free space: the target needs twice the data.",
    );
  if (freeBytes < need)
    return fail(
      `${formatBytes(freeBytes)} free on the target's data volume; the data is about ${formatBytes(dataBytes!)} and the runbook asks for 2× = ${formatBytes(need)}.`,
      `Free or add at least ${formatBytes(need - freeBytes)} on the target's data volume before the run.`,
    );
  return pass(
    `${formatBytes(freeBytes)} free on the target's data volume ≥ 2 × ${formatBytes(dataBytes!)} of data.`,
  );
}

export const diskSpace: PreflightCheck = {
  id: "disk-space",
  title: "Free space on the target ≥ 2 × data",
  appliesTo: (ctx) => ctx.target.engine === "postgres",
  async run(ctx) {
    const data = await ctx.dataBytes();
    let free: number | null = null;
    if (ctx.targetPg && ctx.target.engine === "postgres" && isLocalHost(ctx.target.settings.host)) {
      // data_directory is readable by superusers and pg_read_all_settings; on this machine we can stat it.
      const dir = await ctx
        .targetPg!.query<{ dir: string }>("SELECT current_setting('data_directory') AS dir")
        .then((r) => r.rows[0]!.dir)
        .catch(() => null);
      if (dir) {
        const s = await statfs(dir).catch(() => null);
        if (s) free = s.bavail * s.bsize;
      }
    }
    return diskVerdict(free, data);
  },
};
