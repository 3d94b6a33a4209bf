import { type NextRequest, NextResponse } from "next/server";
import { pageContentSecurityPolicy } from "@/server/http/security-headers";

// Pages only: a fresh nonce per response, which Next reads from the request's CSP header and puts on its
// scripts. API routes get their fixed headers from next.config.mjs and stay out of the proxy, which
// would otherwise buffer request bodies (uploads are gigabytes).
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = pageContentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
