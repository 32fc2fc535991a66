import { spawnSync } from "node:child_process";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layer boundaries of eslint.config.js, checked with the ESLint Node API on code written here:
 * a forbidden import must fail, the same import as a type (or through *.server.ts) must pass.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports").map((m) => m.message);
}

describe("enforced boundaries (B-1…B-3)", () => {
  it("B-1: a page component that imports a server value or the schema fails the lint", async () => {
    const code = `import { appendAudit } from "../../db/audit";\nimport { negotiations } from "../../db/schema";\nimport { can } from "../../server/policies/negotiation";\nexport default function X() { return [appendAudit, negotiations, can]; }\n`;
    const errors = await boundaryErrors(code, "app/routes/x.tsx");
    expect(errors).toHaveLength(3);
    expect(errors.join("\n")).toMatch(/never reads the database/);
    expect(errors.join("\n")).toMatch(/imports server\/ only as types/);
  });

  it("B-1: the same imports as types, or from a *.server.ts helper, pass", async () => {
    const typesOnly = `import type { NegotiationRow } from "../../db/queries/negotiations";\nimport type { Abilities } from "../../server/policies/negotiation";\nexport type X = [NegotiationRow, Abilities];\n`;
    expect(await boundaryErrors(typesOnly, "app/routes/x.tsx")).toEqual([]);
    const helper = `import { can } from "../../../server/policies/negotiation";\nexport const y = can;\n`;
    expect(await boundaryErrors(helper, "app/routes/x/y.server.ts")).toEqual([]);
  });

  it("B-1: a *.server.ts helper or resource route in app/ that writes its own query (drizzle-orm, db/schema values) fails the lint", async () => {
    const code = `import { eq } from "drizzle-orm";\nimport { users } from "../../../db/schema";\nexport const q = [eq, users];\n`;
    const errors = await boundaryErrors(code, "app/routes/x/y.server.ts");
    expect(errors).toHaveLength(2);
    expect(errors.join("\n")).toMatch(/put it in db\/queries/);
    expect(await boundaryErrors(code, "app/routes/x.ts")).toHaveLength(2);
  });

  it("B-1: the same as types, and a read through db/queries, pass in a *.server.ts helper", async () => {
    const code = `import type { SQL } from "drizzle-orm";\nimport type { users } from "../../../db/schema";\nimport { listAccounts } from "../../../db/queries/accounts";\nexport type X = [SQL, typeof users];\nexport const y = listAccounts;\n`;
    expect(await boundaryErrors(code, "app/routes/x/y.server.ts")).toEqual([]);
  });

  it("B-2: db/ that imports server/, even a type, fails the lint", async () => {
    const code = `import type { Membership } from "../../server/policies/negotiation";\nexport type X = Membership;\n`;
    expect(await boundaryErrors(code, "db/queries/x.ts")).toEqual([expect.stringMatching(/db\/ never imports server\//)]);
  });

  it("B-3: shared/ that imports db/, server/ or app/ fails the lint; its own modules pass", async () => {
    const code = `import { findNegotiation } from "../db/queries/negotiations";\nimport { can } from "../server/policies/negotiation";\nimport { useT } from "~/app/i18n/useT";\nimport { SIDES } from "./roles";\nexport const x = [findNegotiation, can, useT, SIDES];\n`;
    expect(await boundaryErrors(code, "shared/x.ts")).toHaveLength(3);
  });

  it("the root alias is held to the same boundaries: `~/server`, `~/db/schema` and `~/app` are refused where `../` would be", async () => {
    const page = `import { negotiations } from "~/db/schema";\nimport { can } from "~/server/policies/negotiation";\nexport default function X() { return [negotiations, can]; }\n`;
    expect(await boundaryErrors(page, "app/routes/x.tsx")).toHaveLength(2);
    const db = `import type { Membership } from "~/server/policies/negotiation";\nimport { t } from "~/app/i18n/t";\nexport type X = [Membership, typeof t];\n`;
    expect(await boundaryErrors(db, "db/queries/x.ts")).toHaveLength(2);
    const shared = `import { findNegotiation } from "~/db/queries/negotiations";\nimport seed from "~/db/seed-data/agreement.json";\nexport const x = [findNegotiation, seed];\n`;
    expect(await boundaryErrors(shared, "shared/x.ts")).toEqual([expect.stringMatching(/shared\/ is pure/)]);
  });

  it("cross-folder imports use the root alias: the codemod finds no relative import leaving its folder", () => {
    const run = spawnSync(process.execPath, ["scripts/rootAliasImports.mjs", "--check"], { encoding: "utf8" });
    expect(run.stdout).toMatch(/would rewrite 0 imports/);
    expect(run.status).toBe(0);
  });

});
