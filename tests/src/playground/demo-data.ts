import type { ArticleInputSchema, MacroInputSchema, PolicyInput } from "@tandem/shared";
import type { z } from "zod";
import type { TicketSeed } from "../simulators/shared/sample-data";

/**
 * What the playground seeds: a travel company's help center, macros, policy and inbox. The same
 * content goes to both demo installations, so Zendesk and Freshdesk can be compared side by side.
 */

export const DEMO_SUBDOMAIN = "acme-travel";

export const DEMO_ARTICLES: Array<{
  externalId: string;
  article: z.input<typeof ArticleInputSchema>;
}> = [
  {
    externalId: "kb-refunds-en",
    article: {
      title: "Refunds for damaged or missing items",
      locale: "en",
      url: "https://help.acme-travel.example/en/refunds",
      tags: ["refund", "orders"],
      body:
        "If an item arrives damaged or is missing, we refund it in full. Send us the order number " +
        "and a photo of the damage. Refunds go back to the original payment method within 5–7 " +
        "business days after we confirm them. You do not need to return damaged items.",
    },
  },
  {
    externalId: "kb-refunds-es",
    article: {
      title: "Reembolsos por artículos dañados o que faltan",
      locale: "es",
      url: "https://help.acme-travel.example/es/reembolsos",
      tags: ["refund", "orders"],
      body:
        "Si un artículo llega dañado o falta, te devolvemos el importe completo. Envíanos el " +
        "número de pedido y una foto del daño. El reembolso llega al método de pago original en " +
        "un plazo de 5 a 7 días hábiles después de confirmarlo. No hace falta devolver el artículo dañado.",
    },
  },
  {
    externalId: "kb-booking-changes-en",
    article: {
      title: "Changing the dates of a booking",
      locale: "en",
      url: "https://help.acme-travel.example/en/change-dates",
      tags: ["booking"],
      body:
        "You can move a hotel or package booking to new dates up to 14 days before check-in at no " +
        "charge, subject to availability. Tell us the booking reference (BK-…) and the new check-in " +
        "and check-out dates. A travel agent confirms the change and you receive an updated voucher by email.",
    },
  },
  {
    externalId: "kb-delivery-de",
    article: {
      title: "Lieferzeiten und Sendungsverfolgung",
      locale: "de",
      url: "https://help.acme-travel.example/de/lieferung",
      tags: ["shipping"],
      body:
        "Reiseunterlagen und Koffer-Sets versenden wir innerhalb von 2 Werktagen. Die Lieferung " +
        "dauert in Deutschland 3–5 Werktage. Den Link zur Sendungsverfolgung finden Sie in Ihrer " +
        "Versandbestätigung. Ist ein Paket nach 7 Werktagen nicht angekommen, forschen wir beim " +
        "Paketdienst nach und senden kostenlos Ersatz.",
    },
  },
  {
    externalId: "kb-invoices-fr",
    article: {
      title: "Factures et double prélèvement",
      locale: "fr",
      url: "https://help.acme-travel.example/fr/factures",
      tags: ["billing"],
      body:
        "Si vous avez été débité deux fois pour la même réservation, le second prélèvement est " +
        "généralement une pré-autorisation qui disparaît sous 3 jours ouvrés. S'il apparaît encore " +
        "après ce délai, envoyez-nous votre relevé et nous remboursons le doublon sous 5 jours ouvrés.",
    },
  },
  {
    externalId: "kb-account-pt",
    article: {
      title: "Não consigo entrar na minha conta",
      locale: "pt",
      url: "https://help.acme-travel.example/pt/conta",
      tags: ["account"],
      body:
        "Para redefinir a senha, use o link Esqueci minha senha na página de login. O e-mail de " +
        "redefinição chega em poucos minutos; verifique também a pasta de spam. Se a conta estiver " +
        "bloqueada após várias tentativas, ela é desbloqueada automaticamente em 30 minutos.",
    },
  },
  {
    externalId: "kb-internal-goodwill",
    article: {
      title: "Goodwill vouchers (agents only)",
      locale: "en",
      visibility: "internal",
      tags: ["refund", "booking", "policy"],
      body:
        "Agents may offer a goodwill voucher of up to 50 EUR for delays we caused, once per " +
        "customer per year. Date changes within 14 days of check-in need a team lead's approval. " +
        "Never promise a refund for non-refundable rates without checking with Billing.",
    },
  },
];

export const DEMO_MACROS: Array<{ externalId: string; macro: z.input<typeof MacroInputSchema> }> = [
  {
    externalId: "macro-refund-es",
    macro: {
      title: "Reembolso aprobado (artículo dañado)",
      locale: "es",
      body:
        "Hola {{ticket.requester.first_name}}:\n\nSiento mucho que tu pedido llegara dañado. He " +
        "aprobado el reembolso completo; lo verás en tu método de pago original en 5–7 días " +
        "hábiles. No hace falta que devuelvas el artículo.\n\nUn saludo,\n{{current_user.name}}",
      actions: [
        { type: "add_tags", params: { tags: ["refund", "damaged_item"] } },
        { type: "set_status", params: { status: "pending" } },
      ],
    },
  },
  {
    externalId: "macro-booking-change-en",
    macro: {
      title: "Booking date change requested",
      locale: "en",
      body:
        "Hi {{ticket.requester.first_name}},\n\nThanks for letting us know. I have asked our travel " +
        "team to move your booking to the new dates; you will receive an updated voucher by email " +
        "as soon as the hotel confirms.\n\nBest regards,\n{{current_user.name}}",
      actions: [
        { type: "add_tags", params: { tags: ["booking_change"] } },
        { type: "set_priority", params: { priority: "high" } },
      ],
    },
  },
];

const BOOKING_PARAMS_SCHEMA = {
  type: "object",
  required: ["bookingId", "checkIn", "checkOut"],
  additionalProperties: false,
  properties: {
    bookingId: { type: "string", pattern: "^BK-[0-9]{3,8}$" },
    checkIn: { type: "string", format: "date" },
    // Checked before approval, so the agent sees "must be after checkIn", not the endpoint's 422.
    checkOut: { type: "string", format: "date", formatExclusiveMinimum: { $data: "1/checkIn" } },
  },
} as const;

/** The policy, with the booking system's endpoint the playground hosts. */
export function demoPolicy(bookingEndpoint: string): PolicyInput {
  return {
    brandVoice: "Warm, concise and concrete. Use the customer's first name. No exclamation marks.",
    instructions:
      "Always quote the booking reference. Never promise refunds on non-refundable rates. " +
      "Date changes go through the change_booking_dates action so a human approves them.",
    rules: { add_tags: "required", set_status: "required", set_priority: "required" },
    businessActions: [
      {
        type: "change_booking_dates",
        title: "Change booking dates",
        description: "Moves a hotel or package booking to new check-in and check-out dates.",
        paramsSchema: { ...BOOKING_PARAMS_SCHEMA },
        // The booking is what the action changes: an approver edits dates, never the booking.
        targetParams: ["bookingId"],
        // What a reply may promise once this is approved ("I have moved your booking").
        fulfils: ["booking_change"],
        endpoint: bookingEndpoint,
        risk: "high",
        approval: "required",
      },
    ],
    piiMasking: true,
  };
}

/** The demo inbox: the same customers write to both helpdesks. */
export const DEMO_TICKETS: TicketSeed[] = [
  {
    id: 101,
    subject: "Pedido ORD-550871 llegó roto",
    requester: { id: 301, name: "Marta García", email: "marta@example.es", locale: "es" },
    tags: ["orders"],
    messages: [
      {
        from: "customer",
        text:
          "Hola, el set de maletas del pedido ORD-550871 llegó con una rueda rota. Quiero el " +
          "reembolso, por favor. Adjunto una foto del daño.",
        minutesAgo: 48,
      },
    ],
  },
  {
    id: 102,
    subject: "Move my Lisbon hotel booking BK-2210",
    requester: { id: 302, name: "Tom Baker", email: "tom@example.com", locale: "en" },
    tags: ["booking"],
    messages: [
      {
        from: "customer",
        text:
          "Hello, my flight was moved by a day. Could you change the dates of booking BK-2210 " +
          "(Lisbon, Hotel Almada) to check in on 12 June and check out on 15 June? Thanks, Tom",
        minutesAgo: 35,
      },
    ],
  },
  {
    id: 103,
    subject: "Wo bleibt meine Lieferung?",
    requester: { id: 303, name: "Jonas Becker", email: "jonas@example.de", locale: "de" },
    priority: "normal",
    messages: [
      {
        from: "customer",
        text:
          "Guten Tag, ich warte seit 9 Tagen auf meine Reiseunterlagen (Bestellung ORD-771203). " +
          "Die Sendungsverfolgung zeigt seit einer Woche nichts Neues. Ich reise am Freitag ab – " +
          "das ist dringend!",
        minutesAgo: 30,
      },
    ],
  },
  {
    id: 104,
    subject: "Facture en double pour ma réservation",
    requester: { id: 304, name: "Claire Dubois", email: "claire@example.fr", locale: "fr" },
    messages: [
      {
        from: "customer",
        text:
          "Bonjour, j'ai été débitée deux fois pour la réservation BK-3307 (Nice, 4 nuits). " +
          "Pouvez-vous vérifier et rembourser le doublon ? Merci.",
        minutesAgo: 22,
      },
    ],
  },
  {
    id: 105,
    subject: "Não consigo entrar na minha conta",
    requester: { id: 305, name: "João Silva", email: "joao@example.com.br", locale: "pt" },
    messages: [
      {
        from: "customer",
        text:
          "Olá, tentei entrar várias vezes e agora a conta está bloqueada. Preciso acessar o " +
          "voucher da viagem para amanhã. Podem ajudar?",
        minutesAgo: 15,
      },
    ],
  },
  {
    id: 106,
    subject: "Change of dates for our Maui trip",
    requester: { id: 306, name: "Emma Walsh", email: "emma@example.com", locale: "en" },
    tags: ["booking"],
    messages: [
      {
        from: "customer",
        text:
          "Hi, we booked the Maui Beach Resort (BK-1042) for 3–10 March. My sister's wedding " +
          "moved, so could we come a week later instead, 10–17 March?",
        minutesAgo: 12,
      },
      {
        from: "agent",
        text: "Customer verified by phone; booking is a flexible rate.",
        minutesAgo: 8,
        internal: true,
      },
    ],
  },
];

/** The traveller the travel-booking demo's chat is signed in as. */
export const DEMO_TRAVELLER = {
  id: 306,
  name: "Emma Walsh",
  email: "emma@example.com",
  locale: "en",
  bookingId: "BK-1042",
} as const;

export interface DemoBooking {
  id: string;
  guest: string;
  property: string;
  checkIn: string;
  checkOut: string;
}

export const DEMO_BOOKINGS: DemoBooking[] = [
  {
    id: "BK-1042",
    guest: "Emma Walsh",
    property: "Maui Beach Resort, Hawaii",
    checkIn: "2027-03-03",
    checkOut: "2027-03-10",
  },
  {
    id: "BK-2210",
    guest: "Tom Baker",
    property: "Hotel Almada, Lisbon",
    checkIn: "2027-06-11",
    checkOut: "2027-06-14",
  },
  {
    id: "BK-3307",
    guest: "Claire Dubois",
    property: "Villa Belvédère, Nice",
    checkIn: "2027-05-02",
    checkOut: "2027-05-06",
  },
];
