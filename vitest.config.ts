import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; tests/ holds integration and browser tests that start real servers.
export default defineConfig({
  test: {
    include: ["shared/**/*.test.ts", "server/**/*.test.ts", "db/**/*.test.ts", "app/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: false,
  },
});
