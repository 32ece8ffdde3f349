import {
  ArticleInputSchema,
  ArticleSchema,
  ExternalIdParamSchema,
  KnowledgeSearchQuerySchema,
  KnowledgeSearchResultSchema,
  MacroInputSchema,
  MacroSchema,
} from "@tandem/shared";
import { Hono } from "hono";
import { validate } from "../lib/validate";
import { requireInstallation } from "../middleware/auth";
import type { OperationDoc } from "../openapi/registry";

import {
  deleteArticle,
  deleteMacro,
  getArticle,
  getMacro,
  searchKnowledge,
  upsertArticle,
  upsertMacro,
} from "../services/knowledge";
import type { AppEnv } from "../types";

const read = requireInstallation("app", "admin");
const write = requireInstallation("admin");

/** Grounding for drafts: help-center articles and macros, keyed by the helpdesk's own ids. */
export const knowledgeRoutes = new Hono<AppEnv>()
  .put(
    "/articles/:externalId",
    write,
    validate("param", ExternalIdParamSchema),
    validate("json", ArticleInputSchema),
    async (c) => {
      const { article, created } = await upsertArticle(
        c.get("ctx"),
        c.get("tenant").installationId,
        c.req.valid("param").externalId,
        c.req.valid("json"),
      );
      return c.json(article, created ? 201 : 200);
    },
  )
  .get("/articles/:externalId", read, validate("param", ExternalIdParamSchema), async (c) => {
    const db = c.get("deps").database.db;
    return c.json(
      await getArticle(db, c.get("tenant").installationId, c.req.valid("param").externalId),
    );
  })
  .delete("/articles/:externalId", write, validate("param", ExternalIdParamSchema), async (c) => {
    const db = c.get("deps").database.db;
    await deleteArticle(db, c.get("tenant").installationId, c.req.valid("param").externalId);
    return c.body(null, 204);
  })
  .put(
    "/macros/:externalId",
    write,
    validate("param", ExternalIdParamSchema),
    validate("json", MacroInputSchema),
    async (c) => {
      const { macro, created } = await upsertMacro(
        c.get("ctx"),
        c.get("tenant").installationId,
        c.req.valid("param").externalId,
        c.req.valid("json"),
      );
      return c.json(macro, created ? 201 : 200);
    },
  )
  .get("/macros/:externalId", read, validate("param", ExternalIdParamSchema), async (c) => {
    const db = c.get("deps").database.db;
    return c.json(
      await getMacro(db, c.get("tenant").installationId, c.req.valid("param").externalId),
    );
  })
  .delete("/macros/:externalId", write, validate("param", ExternalIdParamSchema), async (c) => {
    const db = c.get("deps").database.db;
    await deleteMacro(db, c.get("tenant").installationId, c.req.valid("param").externalId);
    return c.body(null, 204);
  })
  .get("/search", read, validate("query", KnowledgeSearchQuerySchema), async (c) => {
    const hits = await searchKnowledge(
      c.get("ctx"),
      c.get("tenant").installationId,
      c.req.valid("query"),
    );
    return c.json({ hits });
  });

const tag = "Knowledge";
const writeScopes = ["admin"];
const readScopes = ["app", "admin"];

/** PUT, GET and DELETE of one kind of knowledge item, which share one contract. */
function itemDocs(item: {
  /** Path segment, e.g. "articles". */
  segment: string;
  /** Singular noun, e.g. "article". */
  noun: string;
  putDescription: string;
  input: NonNullable<OperationDoc["body"]>;
  schema: NonNullable<OperationDoc["body"]>;
}): OperationDoc[] {
  const path = `/v1/knowledge/${item.segment}/{externalId}`;
  const article = /^[aeiou]/.test(item.noun) ? "an" : "a";
  return [
    {
      method: "put",
      path,
      summary: `Create or replace ${article} ${item.noun}`,
      description: item.putDescription,
      tag,
      security: "installation",
      scopes: writeScopes,
      params: ExternalIdParamSchema,
      body: item.input,
      responses: {
        200: { description: "Replaced", schema: item.schema },
        201: { description: "Created", schema: item.schema },
      },
    },
    {
      method: "get",
      path,
      summary: `Read ${article} ${item.noun}`,
      tag,
      security: "installation",
      scopes: readScopes,
      params: ExternalIdParamSchema,
      responses: {
        200: { description: `The ${item.noun}`, schema: item.schema },
        404: { description: "Unknown" },
      },
    },
    {
      method: "delete",
      path,
      summary: `Delete ${article} ${item.noun}`,
      tag,
      security: "installation",
      scopes: writeScopes,
      params: ExternalIdParamSchema,
      responses: { 204: { description: "Deleted" }, 404: { description: "Unknown" } },
    },
  ];
}

export const knowledgeDocs: OperationDoc[] = [
  ...itemDocs({
    segment: "articles",
    noun: "article",
    putDescription:
      "Without `locale`, the language is detected from the text. Full-text search uses the locale's language.",
    input: ArticleInputSchema,
    schema: ArticleSchema,
  }),
  ...itemDocs({
    segment: "macros",
    noun: "macro",
    putDescription:
      "Each action must be a built-in action or a business action declared in the policy, with valid params.",
    input: MacroInputSchema,
    schema: MacroSchema,
  }),
  {
    method: "get",
    path: "/v1/knowledge/search",
    summary: "Search knowledge the way drafting retrieves it (for debugging retrieval)",
    tag,
    security: "installation",
    scopes: readScopes,
    query: KnowledgeSearchQuerySchema,
    responses: { 200: { description: "Hits, best first", schema: KnowledgeSearchResultSchema } },
  },
];
