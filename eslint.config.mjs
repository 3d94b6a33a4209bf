import js from "@eslint/js";
import tseslint from "typescript-eslint";

const uiBoundary = {
  patterns: [
    {
      group: ["@/server/*", "@/workers/*", "drizzle-orm*", "pg", "bullmq", "ioredis", "better-sqlite3"],
      message: "UI and contracts never reach the server: go through hooks/ and the JSON API.",
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "data/**",
      "drizzle/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
      "dist/**",
      "bench/out/**",
      "e2e/screenshots/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    files: ["components/**", "hooks/**", "contracts/**"],
    rules: { "no-restricted-imports": ["error", uiBoundary] },
  },
  {
    files: ["app/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["drizzle-orm*", "@/server/db/*", "bullmq", "ioredis", "pg"],
              message: "Routes call one server/ verb; they do not query or enqueue.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["server/**", "workers/**"],
    ignores: ["server/http/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next/*", "next", "react", "@/server/http/*", "@/app/*", "@/components/*", "@/hooks/*"],
              message: "server/ runs in workers too: keep it framework-free.",
            },
          ],
        },
      ],
    },
  },
);
