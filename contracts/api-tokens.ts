import { z } from "zod";

export const CreateApiTokenInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: "Name the token after where it will be used, e.g. “nightly CI”." })
    .max(80, { error: "Keep the name under 80 characters." }),
});
export type CreateApiTokenInput = z.infer<typeof CreateApiTokenInput>;

/** A token as its owner sees it later: never the token itself. */
export const ApiTokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenView = z.infer<typeof ApiTokenView>;

/** The answer to creating a token: the only time the token is shown. */
export const CreatedApiToken = z.object({ token: z.string(), info: ApiTokenView });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
