// @ts-check
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/**
 * ESLint runs in `npm test` to enforce the layer boundaries (docs/decisions/017-enforced-boundaries.md).
 * No type-aware rules: the whole tree lints in seconds; tsc does the type checking.
 *
 * The arrows that may run (and no others):
 *   app UI  → shared, app            (server/ and db/ only as `import type`)
 *   app *.server.ts, resource routes → anything but a query of their own (drizzle-orm and db/schema
 *                                       only as types: reads go through db/queries)
 *   server  → db, shared
 *   db      → shared                 (never server/, never app/)
 *   shared  → shared                 (pure: nothing of ours outside it)
 * Patterns are regular expressions over the import string as written: relative, or through the root
 * alias `~/` (tsconfig.json), which cross-folder imports use (scripts/rootAliasImports.mjs).
 */
const OURS = "^((\\.\\./)+|~/)";
const OUR_SERVER = `${OURS}server(/|$)`;
const OUR_DB = `${OURS}db(/|$)`;
const OUR_APP = `${OURS}app(/|$)`;
const NO_QUERIES_IN_APP = [
  { regex: "^drizzle-orm(/|$)", allowTypeImports: true, message: "app/ writes no query: put it in db/queries and call that (drizzle-orm only as types here)." },
  { regex: `${OURS}db/schema(\\.ts)?$`, allowTypeImports: true, message: "app/ writes no query: put it in db/queries and call that (db/schema only as types here)." },
];

/** @param {Array<{ regex: string, message: string, allowTypeImports?: boolean }>} patterns */
function restrict(patterns) {
  return { "@typescript-eslint/no-restricted-imports": ["error", { patterns }] };
}

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "public/**", ".cache/**", "db/migrations/**", "test-results/**"] },
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: "module" },
    plugins: { "@typescript-eslint": tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: { "@typescript-eslint/no-empty-object-type": "error" },
  },
  {
    // The two classic hook rules; the React Compiler rules of the plugin's preset stay off (we do not use it).
    files: ["app/**/*.tsx", "app/**/use*.ts"],
    plugins: { "react-hooks": reactHooks },
    rules: { "react-hooks/rules-of-hooks": "error", "react-hooks/exhaustive-deps": "error" },
  },
  {
    // Every file of app/, its *.server.ts helpers and resource routes too: no inline query.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}"],
    rules: restrict(NO_QUERIES_IN_APP),
  },
  {
    // UI code in app/: route components, editor, talk, components, i18n. Loaders and actions reach
    // the server through a sibling *.server.ts; resource routes (app/routes/*.ts, no UI) are URL handlers.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}", "app/routes/*.ts", "app/**/*.test.{ts,tsx}"],
    rules: restrict([
      NO_QUERIES_IN_APP[0], // db/schema is refused below with the rest of db/
      { regex: OUR_SERVER, allowTypeImports: true, message: "UI code in app/ imports server/ only as types: call it from a *.server.ts helper beside the route." },
      { regex: OUR_DB, allowTypeImports: true, message: "UI code in app/ never reads the database: put the query in db/queries and call it from a *.server.ts helper." },
    ]),
  },
  {
    files: ["db/**/*.{ts,tsx}"],
    rules: restrict([
      { regex: OUR_SERVER, message: "db/ never imports server/: types that db/ and server/ share live in shared/." },
      { regex: OUR_APP, message: "db/ never imports app/." },
    ]),
  },
  {
    files: ["shared/**/*.{ts,tsx}"],
    rules: restrict([
      { regex: OUR_SERVER, message: "shared/ is pure: it imports nothing of ours outside shared/." },
      { regex: OUR_APP, message: "shared/ is pure: it imports nothing of ours outside shared/." },
      // The seed agreements are data, and tests beside the shared rules read them as fixtures.
      { regex: `${OURS}db(/(?!seed-data/[^/]+\\.json$)|$)`, message: "shared/ is pure: it imports nothing of ours outside shared/." },
    ]),
  },
  {
    files: ["server/**/*.{ts,tsx}"],
    rules: restrict([{ regex: OUR_APP, allowTypeImports: true, message: "server/ never imports app/ values." }]),
  },
);
