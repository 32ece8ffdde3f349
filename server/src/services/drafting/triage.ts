import type { TicketContext } from "@tandem/shared";

/** Lowercase without accents, so "rückerstattung" and "ruckerstattung" match alike. */
export function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** Word stems per intent across en/es/de/fr/pt/it/nl; a stem matches at a word start. */
const INTENTS: Record<string, string[]> = {
  refund: [
    "refund",
    "money back",
    "reimburs",
    "reembols",
    "devuelvan el dinero",
    "devolucion del dinero",
    "ruckerstatt",
    "erstatt",
    "geld zuruck",
    "rembours",
    "estorno",
    "rimbors",
    "terugbetal",
    "geld terug",
    "restitu",
    "chargeback",
  ],
  cancellation: [
    "cancel",
    "unsubscribe",
    "terminate my",
    "anular",
    "darme de baja",
    "baja de",
    "stornier",
    "kundig",
    "annul",
    "resili",
    "desabonn",
    "disdett",
    "disdire",
    "opzeg",
    "annuleer",
  ],
  shipping: [
    "where is my",
    "tracking",
    "track my",
    "not arrived",
    "hasn't arrived",
    "delivery",
    "shipping",
    "shipment",
    "package",
    "parcel",
    "courier",
    "envio",
    "paquete",
    "no ha llegado",
    "no llego",
    "seguimiento",
    "entrega",
    "lieferung",
    "paket",
    "sendung",
    "versand",
    "nicht angekommen",
    "zugestellt",
    "wann kommt",
    "arriv",
    "llega",
    "chega",
    "livraison",
    "colis",
    "pas recu",
    "pas arrive",
    "suivi",
    "entrega",
    "encomenda",
    "nao chegou",
    "rastreio",
    "spedizion",
    "pacco",
    "consegna",
    "non e arrivato",
    "levering",
    "pakket",
    "verzending",
    "niet aangekomen",
    "bezorg",
  ],
  return_exchange: [
    "return",
    "exchange",
    "wrong size",
    "devolver",
    "devolucion",
    "cambiar la talla",
    "cambio de",
    "rucksend",
    "umtausch",
    "zurucksenden",
    "retour",
    "echanger",
    "echange",
    "devolver",
    "troca",
    "reso",
    "restituire",
    "sostituzione",
    "ruilen",
    "terugsturen",
  ],
  billing: [
    "charged",
    "charge",
    "invoice",
    "billing",
    "payment",
    "double charge",
    "receipt",
    "cobro",
    "cobrado",
    "factura",
    "pago",
    "abgebucht",
    "rechnung",
    "zahlung",
    "belastet",
    "facture",
    "paiement",
    "preleve",
    "debite",
    "cobranca",
    "fatura",
    "pagamento",
    "addebit",
    "fattura",
    "factuur",
    "betaling",
    "afgeschreven",
  ],
  account_access: [
    "password",
    "log in",
    "login",
    "sign in",
    "locked out",
    "account locked",
    "2fa",
    "contrasena",
    "iniciar sesion",
    "no puedo entrar",
    "passwort",
    "anmelden",
    "einloggen",
    "mot de passe",
    "connexion",
    "me connecter",
    "senha",
    "entrar na conta",
    "accedere",
    "wachtwoord",
    "inloggen",
  ],
  technical_issue: [
    "error",
    "bug",
    "crash",
    "not working",
    "doesn't work",
    "does not work",
    "broken",
    "fails",
    "no funciona",
    "fallo",
    "funktioniert nicht",
    "fehler",
    "absturz",
    "ne fonctionne pas",
    "ne marche pas",
    "erreur",
    "nao funciona",
    "erro",
    "non funziona",
    "errore",
    "werkt niet",
    "storing",
    "foutmelding",
  ],
  order_change: [
    "change my order",
    "change the address",
    "change address",
    "change my booking",
    "change the dates",
    "reschedule",
    "modify my",
    "cambiar mi pedido",
    "cambiar la direccion",
    "cambiar las fechas",
    "adresse andern",
    "bestellung andern",
    "umbuchen",
    "modifier ma",
    "changer l'adresse",
    "changer les dates",
    "alterar",
    "mudar o endereco",
    "modificare",
    "cambiare",
    "wijzigen",
    "adres aanpassen",
    "omboeken",
  ],
  complaint: [
    "complaint",
    "unacceptable",
    "terrible service",
    "queja",
    "reclamacion",
    "inaceptable",
    "beschwerde",
    "reklamation",
    "unverschamt",
    "plainte",
    "reclamation",
    "inacceptable",
    "reclamacao",
    "reclamo",
    "inaccettabile",
    "klacht",
    "onacceptabel",
  ],
  praise: [
    "great service",
    "love your",
    "thank you so much",
    "well done",
    "excelente servicio",
    "muchas gracias por",
    "vielen dank fur",
    "super service",
    "merci beaucoup pour",
    "muito obrigado pela",
    "grazie mille per",
    "hartelijk dank voor",
  ],
};

const NEGATIVE = [
  "terrible",
  "awful",
  "angry",
  "disappointed",
  "unacceptable",
  "worst",
  "frustrat",
  "ridiculous",
  "horrible",
  "useless",
  "scam",
  "furious",
  "annoyed",
  "pesimo",
  "inaceptable",
  "decepcionad",
  "molest",
  "hart",
  "enfadad",
  "verguenza",
  "fatal",
  "enttausch",
  "unverschamt",
  "argerlich",
  "katastroph",
  "schlecht",
  "frechheit",
  "inakzeptabel",
  "wutend",
  "decu",
  "scandaleu",
  "furieu",
  "honteu",
  "mecontent",
  "nul ",
  "inaceitavel",
  "absurd",
  "irritad",
  "deluso",
  "delusa",
  "inaccettabil",
  "pessim",
  "vergogna",
  "arrabbiat",
  "teleurgesteld",
  "onacceptabel",
  "belachelijk",
  "boos",
  "slecht",
];

const POSITIVE = [
  "great",
  "love",
  "excellent",
  "awesome",
  "amazing",
  "perfect",
  "genial",
  "excelente",
  "encanta",
  "perfecto",
  "toll",
  "super",
  "ausgezeichnet",
  "wunderbar",
  "parfait",
  "genial",
  "excellent",
  "otimo",
  "perfeito",
  "adorei",
  "ottimo",
  "perfetto",
  "fantastic",
  "geweldig",
  "uitstekend",
  "prima",
];

const URGENT = [
  "urgent",
  "asap",
  "immediately",
  "right now",
  "emergency",
  "as soon as possible",
  "urgente",
  "inmediat",
  "cuanto antes",
  "dringend",
  "sofort",
  "eilig",
  "umgehend",
  "urgence",
  "immediatement",
  "tout de suite",
  "imediat",
  "o mais rapido",
  "subito",
  "immediatamente",
  "spoed",
  "meteen",
  "onmiddellijk",
];

const ESCALATION = [
  "lawyer",
  "attorney",
  "legal action",
  "chargeback",
  "dispute",
  "consumer protection",
  "abogado",
  "demanda",
  "denuncia",
  "anwalt",
  "rechtliche schritte",
  "verbraucherzentrale",
  "avocat",
  "plainte formelle",
  "advogado",
  "procon",
  "avvocato",
  "advocaat",
  "consumentenbond",
];

/** Phrases that try to steer the AI: the ticket is then treated as hostile input. */
const INJECTION = [
  /\bignore (?:all |any |the )?(?:previous|prior|above|earlier|your) (?:instructions|rules|prompts?)/,
  /\bdisregard (?:all |any |the )?(?:previous|prior|above|your) (?:instructions|rules)/,
  /\b(?:system prompt|developer message|you are now|act as (?:an? )?(?:admin|administrator|system))/,
  /\b(?:reveal|print|show|repeat) (?:your|the) (?:prompt|instructions|system)/,
  /\bignora (?:las |todas las )?instrucciones (?:anteriores|previas)/,
  /\bignoriere? (?:alle )?(?:vorherigen|bisherigen) (?:anweisungen|instruktionen)/,
  /\bignore[rz]? (?:toutes )?les instructions (?:precedentes|anterieures)/,
  /\bignore (?:as )?instrucoes anteriores/,
  /\bignora (?:le )?istruzioni precedenti/,
  /\bnegeer (?:alle )?(?:vorige|eerdere) instructies/,
  /<\/?(?:system|assistant|instructions?)>/,
];

/** Stems found at word starts; overlapping hits ("charge" inside "charged") count once. */
function matches(text: string, stems: string[]): string[] {
  const found: Array<{ stem: string; start: number; end: number }> = [];
  for (const stem of stems) {
    const folded = fold(stem);
    let index = text.indexOf(folded);
    while (index >= 0) {
      const before = index === 0 ? " " : text[index - 1];
      if (!before || !/[\p{L}\p{N}]/u.test(before)) break;
      index = text.indexOf(folded, index + 1);
    }
    if (index < 0) continue;
    const end = index + folded.length;
    if (found.some((f) => index < f.end && end > f.start)) continue;
    found.push({ stem: stem.trim(), start: index, end });
  }
  return found.map((f) => f.stem);
}

export interface RuleTriage {
  intent: string;
  intentEvidence: string[];
  sentiment: "negative" | "neutral" | "positive";
  urgency: "low" | "normal" | "high" | "urgent";
  injectionSuspected: boolean;
}

export function detectInjection(text: string): boolean {
  const folded = fold(text);
  return INJECTION.some((re) => re.test(folded));
}

/** Intent, sentiment and urgency from the customer's own words and the ticket's state. */
export function triageByRules(ticket: TicketContext, customerText: string): RuleTriage {
  const text = fold(`${ticket.subject}\n${customerText}`);
  let intent = "general_question";
  let evidence: string[] = [];
  let bestCount = 0;
  for (const [name, stems] of Object.entries(INTENTS)) {
    const found = matches(text, stems);
    // Earlier intents win ties: a refund mention outweighs the shipping context around it.
    if (found.length > bestCount) {
      intent = name;
      evidence = found;
      bestCount = found.length;
    }
  }
  const negative = matches(text, NEGATIVE).length + (/!{2,}/.test(customerText) ? 1 : 0);
  const positive = matches(text, POSITIVE).length;
  const shouting = (customerText.match(/\b[A-Z]{4,}\b/g) ?? []).length >= 3 ? 1 : 0;
  const negScore = negative + shouting + (intent === "complaint" ? 1 : 0);
  const sentiment =
    negScore > positive ? "negative" : positive > negScore && positive > 0 ? "positive" : "neutral";

  // Customer messages since the last public agent reply: repeated chasing raises urgency.
  let unanswered = 0;
  for (let i = ticket.messages.length - 1; i >= 0; i -= 1) {
    const m = ticket.messages[i];
    if (!m) continue;
    if (m.author === "agent" && m.public) break;
    if (m.author === "customer") unanswered += 1;
  }
  const urgentWords = matches(text, URGENT).length;
  const escalation = matches(text, ESCALATION).length;
  let urgency: RuleTriage["urgency"] = "normal";
  if (escalation > 0 || (urgentWords > 0 && sentiment === "negative")) urgency = "urgent";
  else if (urgentWords > 0 || unanswered >= 3 || ticket.priority === "urgent") urgency = "high";
  else if (ticket.priority === "high" || (sentiment === "negative" && unanswered >= 2)) {
    urgency = "high";
  } else if (intent === "praise") urgency = "low";

  return {
    intent,
    intentEvidence: evidence.slice(0, 3),
    sentiment,
    urgency,
    injectionSuspected: detectInjection(customerText) || detectInjection(ticket.subject),
  };
}
