import type { Agent, TicketContext } from "@tandem/shared";
import type { Source } from "../knowledge";
import type { CandidateDraft } from "./candidate";
import { PENDING_SENTENCE } from "./commitments";
import { languageName, type SupportedLanguage, SupportedLanguages } from "./language";
import { fold, type RuleTriage } from "./triage";

interface Phrases {
  greeting: (name: string) => string;
  greetingNoName: string;
  thanks: string;
  acknowledge: (subject: string) => string;
  acknowledgeNoSubject: string;
  fromArticle: string;
  readMore: (url: string) => string;
  followUp: string;
  closing: string;
  urgentNote: string;
  apology: string;
}

const PHRASES: Record<SupportedLanguage, Phrases> = {
  en: {
    greeting: (n) => `Hi ${n},`,
    greetingNoName: "Hello,",
    thanks: "Thank you for contacting us.",
    acknowledge: (s) => `I have received your message about "${s}" and I am looking into it now.`,
    acknowledgeNoSubject: "I have received your message and I am looking into it now.",
    fromArticle: "Here is the information that applies to your request:",
    readMore: (u) => `You can find all the details here: ${u}`,
    followUp:
      "I will get back to you as soon as I have an update. If anything else comes to mind, just reply to this message.",
    closing: "Best regards,",
    urgentNote: "I understand this is urgent and I am treating it as a priority.",
    apology: "I am sorry for the trouble this has caused.",
  },
  es: {
    greeting: (n) => `Hola, ${n}:`,
    greetingNoName: "Hola:",
    thanks: "Gracias por ponerte en contacto con nosotros.",
    acknowledge: (s) => `He recibido tu mensaje sobre «${s}» y ya lo estoy revisando.`,
    acknowledgeNoSubject: "He recibido tu mensaje y ya lo estoy revisando.",
    fromArticle: "Esta es la información que aplica a tu solicitud:",
    readMore: (u) => `Puedes consultar todos los detalles aquí: ${u}`,
    followUp:
      "Te escribiré en cuanto tenga novedades. Si necesitas algo más, responde a este mensaje.",
    closing: "Un saludo,",
    urgentNote: "Entiendo que es urgente y lo estoy tratando con prioridad.",
    apology: "Siento mucho las molestias.",
  },
  de: {
    greeting: (n) => `Hallo ${n},`,
    greetingNoName: "Guten Tag,",
    thanks: "vielen Dank für Ihre Nachricht.",
    acknowledge: (s) => `Ich habe Ihre Anfrage zu „${s}“ erhalten und kümmere mich gerade darum.`,
    acknowledgeNoSubject: "Ich habe Ihre Anfrage erhalten und kümmere mich gerade darum.",
    fromArticle: "Folgende Informationen gelten für Ihr Anliegen:",
    readMore: (u) => `Alle Einzelheiten finden Sie hier: ${u}`,
    followUp:
      "Ich melde mich, sobald ich Neuigkeiten habe. Wenn Sie noch etwas brauchen, antworten Sie einfach auf diese Nachricht.",
    closing: "Viele Grüße",
    urgentNote: "Ich verstehe, dass es dringend ist, und behandle Ihr Anliegen mit Priorität.",
    apology: "Es tut mir leid, dass Ihnen Unannehmlichkeiten entstanden sind.",
  },
  fr: {
    greeting: (n) => `Bonjour ${n},`,
    greetingNoName: "Bonjour,",
    thanks: "Merci de nous avoir contactés.",
    acknowledge: (s) =>
      `J'ai bien reçu votre message concernant « ${s} » et je m'en occupe dès maintenant.`,
    acknowledgeNoSubject: "J'ai bien reçu votre message et je m'en occupe dès maintenant.",
    fromArticle: "Voici les informations qui s'appliquent à votre demande :",
    readMore: (u) => `Vous trouverez tous les détails ici : ${u}`,
    followUp:
      "Je reviens vers vous dès que j'ai du nouveau. Pour toute autre question, il vous suffit de répondre à ce message.",
    closing: "Bien cordialement,",
    urgentNote: "Je comprends que c'est urgent et je traite votre demande en priorité.",
    apology: "Je suis désolé pour la gêne occasionnée.",
  },
  pt: {
    greeting: (n) => `Olá, ${n},`,
    greetingNoName: "Olá,",
    thanks: "Obrigado por entrar em contato conosco.",
    acknowledge: (s) => `Recebi sua mensagem sobre "${s}" e já estou verificando.`,
    acknowledgeNoSubject: "Recebi sua mensagem e já estou verificando.",
    fromArticle: "Estas são as informações que se aplicam à sua solicitação:",
    readMore: (u) => `Você encontra todos os detalhes aqui: ${u}`,
    followUp:
      "Retorno assim que tiver novidades. Se precisar de mais alguma coisa, é só responder a esta mensagem.",
    closing: "Atenciosamente,",
    urgentNote: "Entendo que é urgente e estou tratando com prioridade.",
    apology: "Lamento pelo transtorno.",
  },
  it: {
    greeting: (n) => `Ciao ${n},`,
    greetingNoName: "Buongiorno,",
    thanks: "grazie per averci contattato.",
    acknowledge: (s) => `Ho ricevuto il tuo messaggio su "${s}" e me ne sto occupando.`,
    acknowledgeNoSubject: "Ho ricevuto il tuo messaggio e me ne sto occupando.",
    fromArticle: "Ecco le informazioni che riguardano la tua richiesta:",
    readMore: (u) => `Trovi tutti i dettagli qui: ${u}`,
    followUp:
      "Ti scriverò appena avrò aggiornamenti. Se ti serve altro, rispondi pure a questo messaggio.",
    closing: "Cordiali saluti,",
    urgentNote: "Capisco che è urgente e lo sto trattando con priorità.",
    apology: "Mi dispiace per il disagio.",
  },
  nl: {
    greeting: (n) => `Hallo ${n},`,
    greetingNoName: "Hallo,",
    thanks: "Bedankt voor uw bericht.",
    acknowledge: (s) => `Ik heb uw bericht over "${s}" ontvangen en ben ermee bezig.`,
    acknowledgeNoSubject: "Ik heb uw bericht ontvangen en ben ermee bezig.",
    fromArticle: "Dit is de informatie die op uw vraag van toepassing is:",
    readMore: (u) => `Alle details vindt u hier: ${u}`,
    followUp:
      "Ik laat het u weten zodra ik meer weet. Heeft u nog iets anders nodig, antwoord dan gewoon op dit bericht.",
    closing: "Met vriendelijke groet,",
    urgentNote: "Ik begrijp dat het dringend is en behandel het met voorrang.",
    apology: "Excuses voor het ongemak.",
  },
};

function phrasesFor(language: string): { phrases: Phrases; localized: boolean } {
  const supported = (SupportedLanguages as readonly string[]).includes(language);
  return {
    phrases: PHRASES[(supported ? language : "en") as SupportedLanguage],
    localized: supported,
  };
}

const GREETING_START =
  /^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buenos|buenas|estimad[oa]|hallo|guten|liebe[rs]?|sehr geehrte|bonjour|bonsoir|cher|chère|olá|ola|oi|prezad[oa]|ciao|buongiorno|gentile|beste|geachte|hoi)\b/i;

function firstName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || /@/.test(trimmed)) return "";
  return trimmed.split(/\s+/)[0] ?? "";
}

/** Fills the helpdesk placeholders a macro may carry; unknown ones are removed, not shown raw. */
export function renderMacro(body: string, ticket: TicketContext, agent?: Agent): string {
  const values: Record<string, string> = {
    "ticket.requester.first_name": firstName(ticket.requester.name),
    "ticket.requester.firstname": firstName(ticket.requester.name),
    "ticket.requester.name": ticket.requester.name,
    "ticket.id": ticket.id,
    "ticket.subject": ticket.subject,
    "current_user.first_name": agent ? firstName(agent.name) : "",
    "current_user.name": agent?.name ?? "",
    "ticket.agent.name": agent?.name ?? "",
    "ticket.agent.first_name": agent ? firstName(agent.name) : "",
  };
  return body
    .replace(/\{\{\s*([\w.]+)\s*(?:\|[^}]*)?\}\}/g, (_m, key: string) => values[key] ?? "")
    .replace(/[ \t]+([,.!?;:])/g, "$1")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

function stemsOf(text: string): Set<string> {
  return new Set((fold(text).match(/[\p{L}\p{N}]{4,}/gu) ?? []).map((w) => w.slice(0, 5)));
}

/** The article's sentences that share the most words with the customer's message, in order. */
export function relevantExcerpt(body: string, query: string, maxChars = 600): string {
  const queryStems = stemsOf(query);
  const sentences = body
    .replace(/\r/g, "")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 20 && !/^#+\s/.test(s));
  if (sentences.length === 0) return body.slice(0, maxChars).trim();
  const scored = sentences.map((s, index) => {
    let overlap = 0;
    for (const stem of stemsOf(s)) if (queryStems.has(stem)) overlap += 1;
    return { s, index, overlap };
  });
  const picked = [...scored]
    .sort((a, b) => b.overlap - a.overlap || a.index - b.index)
    .slice(0, 3)
    .filter((p, i) => i === 0 || p.overlap > 0)
    .sort((a, b) => a.index - b.index);
  let out = "";
  for (const p of picked) {
    if (out.length + p.s.length > maxChars && out) break;
    out += (out ? " " : "") + p.s;
  }
  return out.slice(0, maxChars + 200);
}

export interface OfflineInput {
  ticket: TicketContext;
  language: string;
  languageConfidence: number;
  triage: RuleTriage;
  sources: Source[];
  customerText: string;
  latestCustomerMessage: string;
  agent?: Agent;
  instruction?: string;
  /** Changes on this ticket waiting for a person's approval (e.g. a bot's request). */
  pendingApprovals?: Array<{ title: string; requestedBy: string }>;
}

/** A macro must clear this full-text score to be sent as the reply. */
const MACRO_THRESHOLD = 0.05;
const ARTICLE_THRESHOLD = 0.05;

const INTENT_PHRASES: Record<string, string> = {
  refund: "asks for a refund",
  cancellation: "wants to cancel",
  shipping: "asks about a delivery",
  return_exchange: "wants to return or exchange an item",
  billing: "has a billing or payment question",
  account_access: "cannot access their account",
  technical_issue: "reports a technical problem",
  order_change: "wants to change an order or booking",
  complaint: "complains about the service",
  praise: "sends positive feedback",
  general_question: "has a question",
};

function summaryOf(input: OfflineInput): string {
  const latest = input.customerText.split(/\n\n/)[0] ?? "";
  const flat = latest.replace(/\s+/g, " ").trim();
  const firstSentence = (/^.{10,200}?[.!?](?=\s|$)/.exec(flat)?.[0] ?? flat.slice(0, 200)).trim();
  const customers = input.ticket.messages.filter((m) => m.author === "customer").length;
  return `${input.ticket.requester.name} ${INTENT_PHRASES[input.triage.intent] ?? "has a request"}${firstSentence ? `: "${firstSentence}${flat.length > firstSentence.length ? " …" : ""}"` : "."} (${input.ticket.messages.length} message${input.ticket.messages.length === 1 ? "" : "s"}, ${customers} from the customer; written in ${languageName(input.language)}.)`;
}

/**
 * The embedded drafter: picks the best macro or public article in the customer's language and
 * turns it into a reply; with nothing relevant, an honest acknowledgement in their language.
 */
export function offlineDraft(input: OfflineInput): CandidateDraft {
  const { phrases, localized } = phrasesFor(input.language);
  const name = firstName(input.ticket.requester.name);
  const greeting = name ? phrases.greeting(name) : phrases.greetingNoName;
  const signature = input.agent ? `${phrases.closing}\n${input.agent.name}` : phrases.closing;
  const rationale: string[] = [];
  const citations: string[] = [];
  const actions: CandidateDraft["actions"] = [];
  let confidence: number;
  let body: string;

  const sameLanguage = input.sources.filter((s) => s.language === input.language);
  const macro = sameLanguage.find((s) => s.kind === "macro" && s.score >= MACRO_THRESHOLD);
  const article = sameLanguage.find(
    (s) => s.kind === "article" && !s.internal && s.score >= ARTICLE_THRESHOLD,
  );
  const empathy = input.triage.sentiment === "negative" ? `${phrases.apology} ` : "";
  const urgency =
    input.triage.urgency === "urgent" || input.triage.urgency === "high"
      ? `${phrases.urgentNote} `
      : "";

  const pending = input.pendingApprovals ?? [];
  if (pending.length > 0) {
    // The change is in a colleague's hands: say so, and neither promise it nor answer around it.
    const language = (localized ? input.language : "en") as SupportedLanguage;
    body = [greeting, `${phrases.thanks} ${empathy}${PENDING_SENTENCE[language]}`, signature].join(
      "\n\n",
    );
    rationale.push(
      `${pending.map((p) => `"${p.title}" (asked by ${p.requestedBy})`).join(", ")} ${pending.length === 1 ? "awaits" : "await"} approval on this ticket: approve or reject it first; the reply says a colleague is confirming the change.`,
    );
    confidence = 0.5;
  } else if (macro) {
    const rendered = renderMacro(macro.body, input.ticket, input.agent);
    const hasGreeting = GREETING_START.test(rendered);
    const hasClosing = input.agent ? rendered.includes(input.agent.name) : false;
    body = [hasGreeting ? "" : greeting, `${empathy}${rendered}`, hasClosing ? "" : signature]
      .filter(Boolean)
      .join("\n\n");
    citations.push(macro.ref);
    for (const action of macro.actions) {
      actions.push({
        type: action.type,
        params: action.params,
        rationale: `From macro "${macro.title}"`,
      });
    }
    rationale.push(
      `Reply from the macro "${macro.title}" (${macro.locale}), the best match for this ticket.`,
    );
    confidence = Math.min(0.8, 0.55 + macro.score);
  } else if (article) {
    const excerpt = relevantExcerpt(article.body, input.customerText);
    body = [
      greeting,
      `${phrases.thanks} ${empathy}${urgency}${phrases.fromArticle}`.trim(),
      excerpt,
      article.url ? phrases.readMore(article.url) : "",
      phrases.followUp,
      signature,
    ]
      .filter(Boolean)
      .join("\n\n");
    citations.push(article.ref);
    rationale.push(
      `Answer taken from the article "${article.title}" (${article.locale}); check it fits.`,
    );
    confidence = Math.min(0.65, 0.4 + article.score);
  } else {
    // A one-word subject ("Help", "Order") reads oddly when quoted back.
    const rawSubject = input.ticket.subject.trim();
    const subject = rawSubject.split(/\s+/).length >= 2 ? rawSubject.slice(0, 120) : "";
    body = [
      greeting,
      `${phrases.thanks} ${empathy}${urgency}${subject ? phrases.acknowledge(subject) : phrases.acknowledgeNoSubject}`,
      phrases.followUp,
      signature,
    ].join("\n\n");
    const otherLanguage = input.sources.find((s) => s.language !== input.language && !s.internal);
    rationale.push(
      otherLanguage
        ? `No knowledge in ${languageName(input.language)} matched; "${otherLanguage.title}" (${otherLanguage.locale}) may help the agent answer.`
        : "No knowledge matched this ticket: drafted a short acknowledgement for the agent to complete.",
    );
    confidence = 0.25;
  }

  if (!localized) {
    rationale.push(
      `${languageName(input.language)} is not localized offline: the reply is in English.`,
    );
    confidence = Math.min(confidence, 0.2);
  }
  rationale.unshift(
    `Intent "${input.triage.intent}"${input.triage.intentEvidence.length ? ` (from: ${input.triage.intentEvidence.map((e) => `"${e}"`).join(", ")})` : ""}; ${input.triage.sentiment} sentiment, ${input.triage.urgency} urgency.`,
  );
  if (input.instruction) {
    rationale.push(
      "The offline drafter cannot follow free-text instructions; edit the draft directly.",
    );
  }

  const rank = { low: 0, normal: 1, high: 2, urgent: 3 } as const;
  const current = input.ticket.priority as keyof typeof rank | undefined | null;
  if (
    (input.triage.urgency === "urgent" || input.triage.urgency === "high") &&
    (!current || !(current in rank) || rank[current] < rank[input.triage.urgency])
  ) {
    actions.push({
      type: "set_priority",
      params: { priority: input.triage.urgency },
      rationale: `The customer signals ${input.triage.urgency} urgency.`,
    });
  }

  return {
    reply: body,
    language: localized ? input.language : "en",
    summary: summaryOf(input),
    triage: {
      intent: input.triage.intent,
      sentiment: input.triage.sentiment,
      urgency: input.triage.urgency,
      confidence: Number(Math.min(confidence, 0.3 + input.languageConfidence).toFixed(2)),
    },
    rationale,
    citations,
    actions,
  };
}
