import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixOptions from "./remix.config.js";

export default defineConfig({
  plugins: [remix(remixOptions)],
  // `~/` is the repository root (tsconfig paths): cross-folder imports read as `~/db/queries/x`.
  resolve: { alias: { "~": new URL(".", import.meta.url).pathname } },
  // better-sqlite3 and the argon2 binding are native: never bundle them.
  ssr: { external: ["better-sqlite3", "@node-rs/argon2"] },
  build: { target: "es2022" },
  server: { hmr: { port: 24678 } },
});
