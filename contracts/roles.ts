import * as z from "zod";

export const Role = z.enum(["admin", "dba", "lead", "auditor"]);
export type Role = z.infer<typeof Role>;

export const ALL_ROLES = Role.options;
export const OPERATORS: readonly Role[] = ["admin", "dba"];

export const SessionUser = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
});
export type SessionUser = z.infer<typeof SessionUser>;

export const LoginInput = z.object({
  email: z.email({ error: "Enter the email address you sign in with." }),
  password: z.string().min(1, { error: "Enter your password." }).max(512),
});
export type LoginInput = z.infer<typeof LoginInput>;
/** May approve a plan and waive a preflight warning (DESIGN.md: a lead; an admin may do everything). */
export const APPROVERS: readonly Role[] = ["admin", "lead"];
/** May read and export the audit trail (DESIGN.md: not a dba). */
export const AUDIT_READERS: readonly Role[] = ["admin", "lead", "auditor"];
