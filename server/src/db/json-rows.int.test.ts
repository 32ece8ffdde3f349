import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test";
import {
  executeRows,
  insertJsonRows,
  qualified,
  rowFromJson,
  rowsFromJson,
  violatedConstraint,
} from "./json-rows";
import { auditEvents, installations } from "./schema";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.destroy();
});

function installation(subdomain: string) {
  return {
    id: randomUUID(),
    platform: "zendesk" as const,
    subdomain,
    name: null,
    webhookSecretEnc: "enc",
    createdAt: new Date("2026-12-01T10:00:00.123Z"),
  };
}

describe("rows as JSON", () => {
  it("writes rows through one JSON parameter and reads them back as drizzle would", async () => {
    const { db } = database;
    const row = installation(`acme-${randomUUID()}`);
    const [written] = await executeRows<{ row: unknown }>(
      db,
      sql`with added as (${insertJsonRows(installations, [row])} returning *)
        select to_jsonb(added.*) as row from added`,
    );
    const [selected] = await db.select().from(installations).where(eq(installations.id, row.id));
    // Left-out columns take their defaults (jwt_secret_enc null); timestamps come back as Dates.
    expect(rowFromJson(installations, written?.row)).toEqual(selected);
    expect(selected).toMatchObject({ ...row, jwtSecretEnc: null });
  });

  it("inserts nothing when the CTE it depends on has no row", async () => {
    const { db } = database;
    const owner = installation(`owner-${randomUUID()}`);
    await executeRows(db, insertJsonRows(installations, [owner]));
    const event = {
      installationId: owner.id,
      type: "draft.generated",
      actorKind: "system" as const,
      data: { nested: { list: [1, 2] }, text: "ünïcode \u2028" },
    };
    const [none] = await executeRows<{ n: number }>(
      db,
      sql`with gate as (select 1 where false), added as (${insertJsonRows(auditEvents, [event], "gate")} returning 1)
        select count(*)::int as n from added`,
    );
    expect(none?.n).toBe(0);
    const [added] = await executeRows<{ rows: unknown }>(
      db,
      sql`with gate as (select 1), added as (${insertJsonRows(auditEvents, [event, event], "gate")} returning *)
        select jsonb_agg(to_jsonb(added.*)) as rows from added`,
    );
    const rows = rowsFromJson(auditEvents, added?.rows);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ ...event, ticketId: null, subjectId: null });
    expect(rows[0]?.createdAt).toBeInstanceOf(Date);
  });

  it("names the constraint a statement violated", async () => {
    const { db } = database;
    const row = installation(`twice-${randomUUID()}`);
    await executeRows(db, insertJsonRows(installations, [row]));
    const again = { ...row, id: randomUUID() };
    const failure = await executeRows(db, insertJsonRows(installations, [again])).catch(
      (error: unknown) => error,
    );
    expect(violatedConstraint(failure)).toBe("installations_platform_subdomain_uq");
    expect(violatedConstraint(new Error("not a database error"))).toBeNull();
  });

  it("qualifies a column with its table for raw SQL inside a one-table select", async () => {
    const { db } = database;
    const query = db
      .select({ id: installations.id, same: sql`${qualified(installations, installations.id)}` })
      .from(installations)
      .toSQL().sql;
    expect(query).toContain('"installations"."id"');
  });
});
