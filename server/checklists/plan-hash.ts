import { createHash } from "node:crypto";

/** The fields whose change makes an approval void: what runs, from where, to where, how. */
export type PlanFields = {
  sourceId: string;
  targetId: string;
  tables: string[] | null;
  options: unknown;
};

/** JSON with object keys sorted, so equal plans hash equally whatever order jsonb returned the keys in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value ?? null);
}

/** sha256 hex of the plan as stored (not re-parsed: a new option default must not void old approvals). */
export function planHash(plan: PlanFields): string {
  const tables = plan.tables ? [...plan.tables].sort() : null;
  return createHash("sha256")
    .update(canonical({ sourceId: plan.sourceId, targetId: plan.targetId, tables, options: plan.options }))
    .digest("hex");
}
