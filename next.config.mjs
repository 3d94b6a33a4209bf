/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and Node-only modules stay outside the bundle; they are loaded by Node at run time.
  serverExternalPackages: [
    "better-sqlite3",
    "argon2",
    "pg",
    "pg-copy-streams",
    "bullmq",
    "ioredis",
    "busboy",
    "tedious",
    "pdfkit",
    "pino",
  ],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
      {
        // Pages get theirs, with a nonce, from proxy.ts; this is server/http/security-headers.ts's API policy.
        source: "/api/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
    ];
  },
};

export default nextConfig;
