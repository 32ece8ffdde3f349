import { type AnyPgColumn, customType, timestamp, uuid } from "drizzle-orm/pg-core";

export const id = () => uuid().primaryKey().defaultRandom();

/** A required reference to another row; deleting that row deletes this one. */
export const cascadeRef = (target: () => AnyPgColumn) =>
  uuid().notNull().references(target, { onDelete: "cascade" });

export const createdAt = () =>
  timestamp({ withTimezone: true, mode: "date" }).notNull().defaultNow();

export const updatedAt = () =>
  timestamp({ withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date());

/** PostgreSQL full-text search vector; filled by a generated column. */
export const tsvector = customType<{ data: string }>({
  dataType: () => "tsvector",
});

/** A text search configuration name such as `spanish`, chosen from the content's locale. */
export const regconfig = customType<{ data: string }>({
  dataType: () => "regconfig",
});
