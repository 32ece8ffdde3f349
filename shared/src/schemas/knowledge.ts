import { z } from "zod";
import { Limits } from "../limits";
import { ProposedActionInputSchema } from "./actions";
import { IdSchema, IsoDateSchema, LocaleSchema, UrlSchema } from "./common";

export const VisibilitySchema = z.enum(["public", "internal"]);

export const ArticleInputSchema = z
  .object({
    title: z.string().min(1).max(Limits.articleTitleLength),
    body: z.string().min(1).max(Limits.articleBodyLength),
    url: UrlSchema.optional(),
    locale: LocaleSchema.optional(),
    visibility: VisibilitySchema.default("public"),
    tags: z.array(z.string().min(1).max(Limits.tagLength)).max(50).optional(),
  })
  .meta({ id: "ArticleInput" });
export type ArticleInput = z.infer<typeof ArticleInputSchema>;

export const ArticleSchema = ArticleInputSchema.extend({
  id: IdSchema,
  externalId: IdSchema,
  locale: LocaleSchema,
  tags: z.array(z.string()).max(50),
  updatedAt: IsoDateSchema,
}).meta({ id: "Article" });
export type Article = z.infer<typeof ArticleSchema>;

export const MacroInputSchema = z
  .object({
    title: z.string().min(1).max(Limits.articleTitleLength),
    body: z.string().max(Limits.articleBodyLength).default(""),
    locale: LocaleSchema.optional(),
    actions: z.array(ProposedActionInputSchema).max(Limits.actionsPerMacro).optional(),
  })
  .meta({ id: "MacroInput" });
export type MacroInput = z.infer<typeof MacroInputSchema>;

export const MacroSchema = MacroInputSchema.extend({
  id: IdSchema,
  externalId: IdSchema,
  locale: LocaleSchema,
  actions: z.array(ProposedActionInputSchema).max(Limits.actionsPerMacro),
  updatedAt: IsoDateSchema,
}).meta({ id: "Macro" });
export type Macro = z.infer<typeof MacroSchema>;

export const ExternalIdParamSchema = z.object({
  externalId: z
    .string()
    .min(1)
    .max(Limits.idLength)
    .regex(/^[A-Za-z0-9._:-]+$/, "external ids use letters, digits, '.', '_', ':' and '-'"),
});

export const KnowledgeSearchQuerySchema = z.object({
  q: z.string().min(1).max(Limits.searchQueryLength),
  locale: LocaleSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const KnowledgeHitSchema = z
  .object({
    kind: z.enum(["article", "macro"]),
    id: IdSchema,
    externalId: IdSchema,
    title: z.string(),
    url: z.string().optional(),
    locale: z.string(),
    internal: z.boolean(),
    score: z.number(),
    snippet: z.string().max(1_000),
  })
  .meta({ id: "KnowledgeHit" });
export type KnowledgeHit = z.infer<typeof KnowledgeHitSchema>;

export const KnowledgeSearchResultSchema = z.object({ hits: z.array(KnowledgeHitSchema) });
