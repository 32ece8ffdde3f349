import { z } from "zod";
import { Limits } from "../limits";
import { IdSchema, IsoDateSchema, LocaleSchema, NameSchema, PlatformSchema } from "./common";

export const MessageAuthorSchema = z.enum(["customer", "agent", "system"]);

export const TicketMessageSchema = z
  .object({
    id: IdSchema,
    author: MessageAuthorSchema,
    authorName: NameSchema.optional(),
    public: z.boolean(),
    body: z.string().max(Limits.messageBodyLength),
    createdAt: IsoDateSchema,
  })
  .meta({ id: "TicketMessage" });
export type TicketMessage = z.infer<typeof TicketMessageSchema>;

export const CustomFieldValueSchema = z.union([
  z.string().max(2_000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(200)).max(50),
]);

export const RequesterSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  email: z.string().max(320).optional(),
  locale: LocaleSchema.optional(),
});

/** The ticket as a sidebar (or a webhook) sees it; the server derives `ticketRevision` from it. */
export const TicketContextSchema = z
  .object({
    platform: PlatformSchema,
    id: IdSchema,
    subject: z.string().max(Limits.subjectLength),
    status: z.string().min(1).max(50),
    priority: z.string().max(50).nullish(),
    type: z.string().max(100).nullish(),
    tags: z.array(z.string().min(1).max(Limits.tagLength)).max(Limits.tagsPerTicket).default([]),
    group: z.object({ id: IdSchema, name: NameSchema.optional() }).nullish(),
    assignee: z.object({ id: IdSchema, name: NameSchema.optional() }).nullish(),
    requester: RequesterSchema,
    messages: z.array(TicketMessageSchema).min(1).max(Limits.messagesPerTicket),
    customFields: z
      .record(z.string().max(100), CustomFieldValueSchema)
      .refine((value) => Object.keys(value).length <= Limits.customFieldsPerTicket, {
        message: `at most ${Limits.customFieldsPerTicket} custom fields`,
      })
      .optional(),
  })
  .meta({ id: "TicketContext" });
export type TicketContext = z.infer<typeof TicketContextSchema>;
export type TicketContextInput = z.input<typeof TicketContextSchema>;
