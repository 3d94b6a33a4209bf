import { eq } from "drizzle-orm";
import type { Role } from "@/contracts/roles";
import { db } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { hashPassword } from "./passwords";

/** Creates the user when the email is new; leaves an existing account (and its password) alone. */
export async function ensureUser(input: {
  email: string;
  name: string;
  role: Role;
  password: string;
}): Promise<string> {
  const email = input.email.toLowerCase();
  const [existing] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) return existing.id;
  const [row] = await db()
    .insert(users)
    .values({ email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) })
    .returning({ id: users.id });
  return row!.id;
}
