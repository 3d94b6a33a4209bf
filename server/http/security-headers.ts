import "server-only";

/**
 * The page policy. Scripts: only Next's own, carrying this response's nonce ('strict-dynamic' lets them
 * load their chunks), so an injected <script> or inline handler never runs. Styles keep 'unsafe-inline':
 * React's style={…} attributes (progress bars) cannot carry a nonce, and a style cannot run code.
 * 'unsafe-eval' only in development, where React uses eval for its error overlays.
 */
export function pageContentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** JSON, SSE and downloads render nothing: they may load nothing and be framed by no one. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
