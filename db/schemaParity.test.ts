import { describe, expect, it } from "vitest";
import { getTableColumns, getTableName, is, SQL, Table, type Column } from "drizzle-orm";
import { getTableConfig as sqliteConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { bigint, getTableConfig as pgConfig, pgTable, text, type PgTable } from "drizzle-orm/pg-core";
import * as sqliteSchema from "./schema";
import * as pgSchema from "./schema.pg";

/*
 * One schema definition per dialect, checked equal (issue 16, ADR 026). Both sides are reduced to
 * the same neutral shape through drizzle's getTableConfig; column types through this mapping:
 */
const TYPE_MAP: Record<string, string> = {
  // SQLite column class → PostgreSQL column class
  SQLiteText: "PgText",
  SQLiteTextJson: "PgText", // JSON kept as text: the SQLite column objects stringify/parse on both engines
  SQLiteInteger: "PgBigInt53", // ms timestamps, counts, Yjs client ids (uint32): int8 read as a JS number
  SQLiteBoolean: "PgBoolean",
  SQLiteBlobBuffer: "PgCustomColumn", // bytea, read as a Buffer
};
const AUTO_ID = { sqlite: "SQLiteInteger+autoIncrement", pg: "PgBigSerial53" };

function neutralColumn(key: string, column: Column, dialect: "sqlite" | "pg") {
  const autoIncrement = dialect === "sqlite" ? (column as unknown as { autoIncrement?: boolean }).autoIncrement === true : column.columnType === "PgBigSerial53";
  const type = autoIncrement ? "auto-id" : dialect === "sqlite" ? (TYPE_MAP[column.columnType] ?? `unmapped ${column.columnType}`) : column.columnType;
  return {
    key,
    name: column.name,
    type,
    notNull: column.notNull,
    primary: column.primary,
    unique: column.isUnique,
    enumValues: column.enumValues ?? null,
    // Defaults: a literal must be the same value; an SQL expression (the created_at clock) only present on both.
    default: autoIncrement ? "auto-id" : !column.hasDefault ? null : is(column.default, SQL) ? "sql" : column.default,
  };
}

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function neutralTable(table: SQLiteTable | PgTable, config: Config, dialect: "sqlite" | "pg") {
  const names = (columns: readonly Column[]) => columns.map((c) => c.name);
  return {
    name: config.name,
    columns: Object.entries(getTableColumns(table)).map(([key, column]) => neutralColumn(key, column, dialect)),
    primaryKeys: config.primaryKeys.map((pk) => names(pk.columns)),
    uniqueConstraints: config.uniqueConstraints.map((u) => ({ name: u.name, columns: names(u.columns) })),
    indexes: config.indexes
      .map((index) => ({
        name: index.config.name,
        unique: index.config.unique,
        columns: (index.config.columns as Column[]).map((c) => c.name),
        // The partial index's predicate, as written (plain SQL text both engines accept).
        where: index.config.where ? (index.config.where.queryChunks as { value?: string[] }[]).flatMap((chunk) => chunk.value ?? []).join("") : null,
      }))
      .sort((a, b) => (a.name ?? "").localeCompare(b.name ?? "")),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${names(ref.columns).join(",")} → ${getTableName(ref.foreignTable)}(${names(ref.foreignColumns).join(",")}) ${fk.onDelete ?? "no action"}/${fk.onUpdate ?? "no action"}`;
      })
      .sort(),
    checks: config.checks.map((c) => c.name).sort(),
  };
}

function tables<T>(schema: Record<string, unknown>): Map<string, T> {
  return new Map(Object.entries(schema).filter(([, value]) => is(value, Table)) as [string, T][]);
}

const sqliteTables = tables<SQLiteTable>(sqliteSchema);
const pgTables = tables<PgTable>(pgSchema);

describe("db/schema.pg.ts matches db/schema.ts (issue 16: one schema per dialect, checked equal)", () => {
  it("exports the same tables under the same names", () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(sqliteTables.size).toBeGreaterThan(20);
  });

  for (const [key, sqliteTable] of sqliteTables) {
    it(`${key}: columns, keys, defaults, indexes and foreign keys agree`, () => {
      const pgTable = pgTables.get(key);
      expect(pgTable, `db/schema.pg.ts 缺少表 ${key} (missing table)`).toBeDefined();
      expect(neutralTable(pgTable!, pgConfig(pgTable!), "pg")).toEqual(neutralTable(sqliteTable, sqliteConfig(sqliteTable), "sqlite"));
    });
  }

  it("every SQLite column type has a stated PostgreSQL counterpart", () => {
    const used = new Set([...sqliteTables.values()].flatMap((t) => Object.values(getTableColumns(t)).map((c) => c.columnType)));
    for (const type of used) expect(TYPE_MAP[type] ?? (type === "SQLiteInteger" ? AUTO_ID.pg : undefined), type).toBeDefined();
  });

  it("notices a difference (the comparison can fail)", () => {
    const original = pgTables.get("sessions")!;
    // A twin of sessions whose revoked_at became NOT NULL and whose index is gone.
    const drifted = pgTable("sessions", {
      id: text("id").primaryKey(),
      userId: text("user_id").notNull().references(() => pgSchema.users.id),
      createdAt: bigint("created_at", { mode: "number" }).notNull().default(0),
      expiresAt: bigint("expires_at", { mode: "number" }).notNull(),
      revokedAt: bigint("revoked_at", { mode: "number" }).notNull(),
    });
    const reference = neutralTable(sqliteSchema.sessions, sqliteConfig(sqliteSchema.sessions), "sqlite");
    expect(neutralTable(original, pgConfig(original), "pg")).toEqual(reference);
    expect(neutralTable(drifted, pgConfig(drifted), "pg")).not.toEqual(reference);
  });
});
