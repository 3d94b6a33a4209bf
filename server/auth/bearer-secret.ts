import { createHash, randomBytes } from "node:crypto";
import { users } from "@/server/db/schema";

/**
 * What sessions and API tokens share: a random secret handed to the client once, of which the database keeps
 * only the sha256 (a leaked table holds no working secret), resolving to the user it acts as.
 */
export const newSecret = () => randomBytes(32).toString("base64url");

export const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

/** The SessionUser columns, for the select that resolves a secret to its user. */
export const sessionUserColumns = { id: users.id, email: users.email, name: users.name, role: users.role };

/** Last-seen times are written at most this often per secret: every request would be a write otherwise. */
export const TOUCH_EVERY_MS = 60_000;
