import * as z from "zod";

/** Every 4xx/5xx body from the JSON API. `detail` is written for the person who has to fix it. */
export const Problem = z.object({
  code: z.string(),
  detail: z.string(),
  issues: z
    .array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() }))
    .optional(),
});
export type Problem = z.infer<typeof Problem>;
