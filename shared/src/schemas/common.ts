import { z } from "zod";
import { Limits } from "../limits";

export const IdSchema = z.string().min(1).max(Limits.idLength);
export const NameSchema = z.string().min(1).max(Limits.nameLength);
export const IsoDateSchema = z.iso.datetime({ offset: true });
export const UrlSchema = z.url({ protocol: /^https?$/ }).max(Limits.urlLength);
export const LocaleSchema = z
  .string()
  .regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/, "expected a BCP 47 locale such as en or pt-BR")
  .max(35);
export const PlatformSchema = z.enum(["zendesk", "freshdesk"]);
export type Platform = z.infer<typeof PlatformSchema>;

/** Free-form JSON params, bounded by serialized size rather than shape. */
export const ParamsSchema = z
  .record(z.string().max(100), z.unknown())
  .refine((value) => JSON.stringify(value).length <= Limits.paramsJsonBytes, {
    message: `params must serialize to at most ${Limits.paramsJsonBytes} bytes`,
  });
export type Params = z.infer<typeof ParamsSchema>;

export const AgentSchema = z.object({ id: IdSchema, name: NameSchema }).meta({ id: "Agent" });
export type Agent = z.infer<typeof AgentSchema>;
