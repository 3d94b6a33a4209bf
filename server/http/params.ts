import "server-only";
import * as z from "zod";
import { notFound } from "@/server/errors";

/** A path id that is not even a UUID names nothing: 404, like an unknown one. */
export function idParam(value: string, what: string): string {
  if (!z.uuid().safeParse(value).success) throw notFound(what);
  return value;
}
