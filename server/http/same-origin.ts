import "server-only";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * True when a mutation comes from another site. Sec-Fetch-Site "cross-site" or "same-site" (a sibling
 * subdomain is not us either) or an Origin whose host is not ours is refused.
 *
 * A mutation with neither header is let through: every browser Next 16 supports sends Origin (and
 * Sec-Fetch-Site) on every non-GET request, so a request without them is a script or curl holding its own
 * cookie, which cannot be forged into a victim's browser. The session cookie is SameSite=Lax besides,
 * so an old browser that sends no Origin does not attach it to a cross-site POST either.
 */
export function isCrossSite(req: Request): boolean {
  if (SAFE_METHODS.has(req.method)) return false;
  const site = req.headers.get("sec-fetch-site");
  if (site === "cross-site" || site === "same-site") return true;
  const origin = req.headers.get("origin");
  if (!origin) return false;
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true; // "null" (sandboxed frames, file://) and anything unparseable
  }
}
