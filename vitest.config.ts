import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; tests/ holds integration and browser tests that start real servers.
export default defineConfig({
  // `~/` is the repository root, as in tsconfig.json and vite.config.ts.
  resolve: { alias: { "~": new URL(".", import.meta.url).pathname } },
  test: {
    include: ["shared/**/*.test.ts", "server/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
