import {
  ArticleInputSchema,
  ArticleSchema,
  ExternalIdParamSchema,
  KnowledgeSearchQuerySchema,
  KnowledgeSearchResultSchema,
  MacroInputSchema,
  MacroSchema,
} from "@tandem/shared";
import type { z } from "zod";
import { tenantContext } from "../middleware/context";
import { defineRoute, json, jsonBody, openApiRouter } from "../openapi/route";
import {
  deleteArticle,
  deleteMacro,
  getArticle,
  getMacro,
  searchKnowledge,
  upsertArticle,
  upsertMacro,
} from "../services/knowledge";
import { admin, appOrAdmin } from "./access";

const tags = ["Knowledge"];

/** PUT, GET and DELETE of one kind of knowledge item, which share one contract. */
function itemRoutes<Input extends z.ZodType, Item extends z.ZodType>(item: {
  /** Path segment, e.g. "articles". */
  segment: string;
  /** Singular noun, e.g. "article". */
  noun: string;
  putDescription: string;
  input: Input;
  schema: Item;
}) {
  const path = `/${item.segment}/{externalId}`;
  const article = /^[aeiou]/.test(item.noun) ? "an" : "a";
  const params = ExternalIdParamSchema;
  return {
    put: defineRoute(admin, {
      method: "put",
      path,
      summary: `Create or replace ${article} ${item.noun}`,
      description: item.putDescription,
      tags,
      request: { params, body: jsonBody(item.input) },
      responses: {
        200: { description: "Replaced", content: json(item.schema) },
        201: { description: "Created", content: json(item.schema) },
      },
    }),
    get: defineRoute(appOrAdmin, {
      method: "get",
      path,
      summary: `Read ${article} ${item.noun}`,
      tags,
      request: { params },
      responses: {
        200: { description: `The ${item.noun}`, content: json(item.schema) },
        404: { description: "Unknown" },
      },
    }),
    delete: defineRoute(admin, {
      method: "delete",
      path,
      summary: `Delete ${article} ${item.noun}`,
      tags,
      request: { params },
      responses: { 204: { description: "Deleted" }, 404: { description: "Unknown" } },
    }),
  };
}

const articles = itemRoutes({
  segment: "articles",
  noun: "article",
  putDescription:
    "Without `locale`, the language is detected from the text. Full-text search uses the locale's language.",
  input: ArticleInputSchema,
  schema: ArticleSchema,
});

const macros = itemRoutes({
  segment: "macros",
  noun: "macro",
  putDescription:
    "Each action must be a built-in action or a business action declared in the policy, with valid params.",
  input: MacroInputSchema,
  schema: MacroSchema,
});

const search = defineRoute(appOrAdmin, {
  method: "get",
  path: "/search",
  summary: "Search knowledge the way drafting retrieves it (for debugging retrieval)",
  tags,
  request: { query: KnowledgeSearchQuerySchema },
  responses: {
    200: { description: "Hits, best first", content: json(KnowledgeSearchResultSchema) },
  },
});

/** Grounding for drafts: help-center articles and macros, keyed by the helpdesk's own ids. */
export const knowledgeRoutes = openApiRouter()
  .openapi(articles.put, async (c) => {
    const input = { ...c.req.valid("param"), article: c.req.valid("json") };
    const { article, created } = await upsertArticle({ ctx: tenantContext(c), input });
    return c.json(article, created ? 201 : 200);
  })
  .openapi(articles.get, async (c) => {
    return c.json(await getArticle({ ctx: tenantContext(c), input: c.req.valid("param") }), 200);
  })
  .openapi(articles.delete, async (c) => {
    await deleteArticle({ ctx: tenantContext(c), input: c.req.valid("param") });
    return c.body(null, 204);
  })
  .openapi(macros.put, async (c) => {
    const input = { ...c.req.valid("param"), macro: c.req.valid("json") };
    const { macro, created } = await upsertMacro({ ctx: tenantContext(c), input });
    return c.json(macro, created ? 201 : 200);
  })
  .openapi(macros.get, async (c) => {
    return c.json(await getMacro({ ctx: tenantContext(c), input: c.req.valid("param") }), 200);
  })
  .openapi(macros.delete, async (c) => {
    await deleteMacro({ ctx: tenantContext(c), input: c.req.valid("param") });
    return c.body(null, 204);
  })
  .openapi(search, async (c) => {
    const hits = await searchKnowledge({ ctx: tenantContext(c), input: c.req.valid("query") });
    return c.json({ hits }, 200);
  });
