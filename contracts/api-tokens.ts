import * as z from "zod";

export const CreateApiTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Name the token after where it will be used, e.g. “nightly CI”." })
    .max(80, { error: "Keep the name under 80 characters." }),
  /** Days until the token stops working; null for a token that never expires. */
  expiresInDays: z
    .number()
    .int()
    .min(1, { error: "A token lives at least 1 day." })
    .max(366, { error: "A token lives at most a year; create a new one when it ends." })
    .nullable()
    .default(90),
});

/** The lifetimes the form offers, shortest first. */
export const TOKEN_LIFETIMES: { days: number | null; label: string }[] = [
  { days: 7, label: "7 days" },
  { days: 30, label: "30 days" },
  { days: 90, label: "90 days" },
  { days: 366, label: "1 year" },
  { days: null, label: "No expiry" },
];
export type CreateApiTokenInput = z.input<typeof CreateApiTokenInput>;

/** A token as its owner sees it later: never the token itself. */
export const ApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** Past its expiry when listed: refused like a revoked one. */
  expired: z.boolean(),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;

/** The answer to creating a token: the only time the token is shown. */
export const CreatedApiToken = z.object({ token: z.string(), info: ApiTokenView });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
