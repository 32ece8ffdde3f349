import type { ArticleInput, MacroInput, TicketContextInput } from "@tandem/shared";

/** Knowledge in several languages, shaped like a small online shop's help center. */
export const sampleArticles: Array<{ externalId: string } & ArticleInput> = [
  {
    externalId: "refund-policy-en",
    title: "Refund policy",
    body: "You can request a refund within 30 days of delivery. Refunds go back to the original payment method. Once approved, a refund takes 5 to 7 business days to appear on your statement. Items must be unused.",
    url: "https://help.example.com/en/refunds",
    locale: "en",
    visibility: "public",
  },
  {
    externalId: "refund-policy-es",
    title: "Política de reembolsos",
    body: "Puedes solicitar un reembolso en los 30 días siguientes a la entrega. El reembolso se devuelve al método de pago original. Una vez aprobado, el reembolso tarda entre 5 y 7 días hábiles en aparecer en tu extracto. Los artículos no deben estar usados.",
    url: "https://help.example.com/es/reembolsos",
    locale: "es",
    visibility: "public",
  },
  {
    externalId: "shipping-de",
    title: "Lieferzeiten und Sendungsverfolgung",
    body: "Die Lieferung dauert innerhalb Deutschlands 2 bis 4 Werktage. Sobald Ihr Paket versendet wurde, erhalten Sie eine E-Mail mit der Sendungsnummer. Mit dieser Nummer können Sie Ihre Sendung auf der Seite des Paketdienstes verfolgen. Ist Ihr Paket nach 7 Werktagen nicht angekommen, kontaktieren Sie uns bitte.",
    url: "https://help.example.com/de/lieferung",
    locale: "de",
    visibility: "public",
  },
  {
    externalId: "password-fr",
    title: "Réinitialiser votre mot de passe",
    body: "Pour réinitialiser votre mot de passe, cliquez sur « Mot de passe oublié » sur la page de connexion. Vous recevrez un lien valable 24 heures. Si vous ne recevez pas l'e-mail, vérifiez votre dossier de courrier indésirable.",
    url: "https://help.example.com/fr/mot-de-passe",
    locale: "fr",
    visibility: "public",
  },
  {
    externalId: "refund-exceptions-internal",
    title: "Refund exceptions (internal)",
    body: "Agents may approve refunds up to 100 EUR without a manager. Above that, escalate to the billing team. Never refund orders flagged as fraud.",
    locale: "en",
    visibility: "internal",
  },
];

export const sampleMacros: Array<{ externalId: string } & MacroInput> = [
  {
    externalId: "macro-refund-es",
    title: "Reembolso aceptado",
    body: "Hola {{ticket.requester.first_name}}:\n\nSiento mucho las molestias con tu pedido. He solicitado el reembolso: tardará entre 5 y 7 días hábiles en aparecer en tu extracto.\n\nUn saludo,\n{{current_user.name}}",
    locale: "es",
    actions: [
      { type: "add_tags", params: { tags: ["reembolso"] } },
      { type: "set_status", params: { status: "pending" } },
    ],
  },
];

let messageCounter = 0;

/** A ticket with one customer message (or the given messages). */
export function makeTicket(
  overrides: Partial<TicketContextInput> & { text?: string } = {},
): TicketContextInput {
  const { text, ...rest } = overrides;
  messageCounter += 1;
  return {
    platform: "zendesk",
    id: `T-${messageCounter}-${Math.random().toString(36).slice(2, 8)}`,
    subject: "Help",
    status: "open",
    priority: "normal",
    tags: [],
    requester: { id: "u-1", name: "Marta García", email: "marta@example.com" },
    messages: [
      {
        id: `m-${messageCounter}`,
        author: "customer",
        public: true,
        body: text ?? "Hello, I have a question.",
        createdAt: "2026-03-01T10:00:00Z",
      },
    ],
    ...rest,
  };
}

const FILLER = [
  "I ordered the blue jacket three weeks ago and it still has not arrived, the tracking page has not changed since Monday.",
  "Thanks for your patience. I have checked with the carrier and they say the parcel is at the regional depot.",
  "That is what you told me last time as well. Can you please give me a date? I need it for a trip next week.",
  "I understand. I have opened an investigation with the carrier, they usually answer within 48 hours.",
  "Any news? Also, the invoice shows a shipping fee although I paid for free shipping, order ORD-550871.",
  "I have forwarded the invoice question to billing. The carrier investigation is still open, I will chase them today.",
];

/** A long back-and-forth (customer and agent alternating), ending with a customer message. */
export function longThread(
  count: number,
  options: { notesEvery?: number } = {},
): TicketContextInput {
  const messages: TicketContextInput["messages"] = [];
  const start = Date.parse("2026-02-01T09:00:00Z");
  for (let i = 0; i < count; i += 1) {
    const isLast = i === count - 1;
    const customer = isLast || i % 2 === 0;
    const note =
      !isLast &&
      options.notesEvery !== undefined &&
      i % options.notesEvery === options.notesEvery - 1;
    messages.push({
      id: `lm-${i}`,
      author: customer && !note ? "customer" : "agent",
      public: !note,
      body: note
        ? `Internal: checked the carrier portal again (step ${i}), no scan since the depot.`
        : `${FILLER[i % FILLER.length]} (message ${i + 1})\n\nMy phone is +34 612 345 678 if that helps.`,
      createdAt: new Date(start + i * 3_600_000).toISOString(),
    });
  }
  return makeTicket({
    subject: "Jacket not delivered and wrong invoice",
    messages,
  });
}
