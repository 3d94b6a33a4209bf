import path from "node:path";
import { dataDir } from "@/server/config/env";

/** Where a run's rollback dump lives, relative to FERRY_DATA_DIR (stored so) and absolute. */
export const snapshotFile = (runId: string) => path.join("snapshots", `${runId}.dump`);
export const snapshotPath = (relative: string) => path.join(dataDir(), relative);
