#!/usr/bin/env node
// Rewrites relative imports that leave their top-level folder (app/, server/, db/, shared/, tests/,
// bench/, scripts/) into the root alias: `../../db/queries/x` from app/routes/y.tsx becomes
// `~/db/queries/x`. Imports inside one folder stay relative (they move with it). Idempotent: run it
// again after a branch lands. Usage: node scripts/rootAliasImports.mjs [--check]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const FOLDERS = ["app", "server", "db", "shared", "tests", "bench", "scripts"];
const SOURCE = /\.(ts|tsx|js|mjs)$/;
// import … from "x" · export … from "x" · import "x" · import("x") · vi.mock("x") / vi.importActual("x")
const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bvi\.(?:mock|importActual|doMock)\s*\(\s*)(["'])(\.\.\/[^"']*)\2/g;

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(name)) yield path;
  }
}

const topFolder = (path) => relative(ROOT, path).split(sep)[0];

// Files whose import strings are test data (code handed to ESLint as if it lived elsewhere).
const DATA = new Set(["tests/lint/boundaries.test.ts"]);

const check = process.argv.includes("--check");
let files = 0;
let rewritten = 0;
for (const folder of FOLDERS) {
  for (const file of sourceFiles(join(ROOT, folder))) {
    if (DATA.has(relative(ROOT, file).split(sep).join("/"))) continue;
    const text = readFileSync(file, "utf8");
    let count = 0;
    const next = text.replace(SPECIFIER, (whole, lead, quote, specifier) => {
      const target = resolve(dirname(file), specifier);
      const top = topFolder(target);
      if (top === topFolder(file) || !FOLDERS.includes(top)) return whole;
      count += 1;
      return `${lead}${quote}~/${relative(ROOT, target).split(sep).join("/")}${quote}`;
    });
    if (count === 0) continue;
    files += 1;
    rewritten += count;
    if (!check) writeFileSync(file, next);
  }
}
console.log(`${check ? "would rewrite" : "rewrote"} ${rewritten} imports in ${files} files`);
if (check && rewritten > 0) process.exit(1);
