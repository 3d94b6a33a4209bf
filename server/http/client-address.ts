import "server-only";

/**
 * The client's address: the rightmost X-Forwarded-For entry, which is the one the nearest proxy wrote
 * (`next start` sets the header to the socket's peer only when the request has none). Behind a reverse
 * proxy, configure it to overwrite or append X-Forwarded-For, or a client can choose its own address here.
 */
export function clientAddress(req: Request): string | null {
  const entries = (req.headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return entries.at(-1)?.slice(0, 64) ?? null;
}
