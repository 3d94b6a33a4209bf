import { existsSync } from "node:fs";
import path from "node:path";
import { DomainError } from "@/server/errors";

/**
 * The uploaded file must stay in Ferry's data directory for the whole run: render threads open it by path,
 * a resumed run opens it again, and the report's fingerprint hashes it. Removed midway, the run stops
 * here with the file named, instead of an SQLite "unable to open" or ENOENT from deep inside.
 */
export function uploadPresence(filePath: string, label: string): () => void {
  return () => {
    if (existsSync(filePath)) return;
    throw new DomainError(
      410,
      "upload_gone",
      `The uploaded file "${label}" (${path.basename(filePath)} in Ferry's data directory) is gone: it was removed while the run needed it. Upload it again and start a new run.`,
    );
  };
}
