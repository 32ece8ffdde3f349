import { type BindableAction, type BoundCommitment, bindCommitments } from "@tandem/commitments";
import type { Commitment, CommitmentKind } from "@tandem/shared";
import type { SupportedLanguage } from "./language";

type HonestKey = "refund" | "booking_change" | "cancellation" | "replacement" | "other";

/**
 * What is true when nothing the agent approves would do what a sentence promised: the request
 * went to a colleague who will confirm whether it can be done. None of these is a commitment
 * (a unit test checks it), so the offline drafter never writes an unbacked promise.
 */
const HONEST: Record<SupportedLanguage, Record<HonestKey, string>> = {
  en: {
    refund:
      "I have passed your refund request to a colleague, who will confirm whether we can issue it.",
    booking_change:
      "I have passed your request to a colleague, who will confirm whether we can change your booking.",
    cancellation:
      "I have passed your cancellation request to a colleague, who will confirm whether we can cancel it.",
    replacement:
      "I have passed your request to a colleague, who will confirm whether we can send you a replacement.",
    other: "I have shared your message with a colleague, who will confirm the next step.",
  },
  es: {
    refund:
      "He pasado tu solicitud de reembolso a un compañero, que confirmará si podemos hacerlo.",
    booking_change:
      "He pasado tu solicitud a un compañero, que confirmará si podemos cambiar tu reserva.",
    cancellation:
      "He pasado tu solicitud de cancelación a un compañero, que confirmará si podemos hacerlo.",
    replacement:
      "He pasado tu solicitud a un compañero, que confirmará si podemos enviarte un artículo nuevo.",
    other: "He compartido tu mensaje con un compañero, que confirmará el siguiente paso.",
  },
  de: {
    refund:
      "Ich habe Ihren Erstattungswunsch an einen Kollegen weitergegeben, der prüft, ob wir den Betrag erstatten können.",
    booking_change:
      "Ich habe Ihre Anfrage an einen Kollegen weitergegeben, der prüft, ob wir Ihre Buchung ändern können.",
    cancellation:
      "Ich habe Ihren Stornierungswunsch an einen Kollegen weitergegeben, der prüft, ob wir stornieren können.",
    replacement:
      "Ich habe Ihre Anfrage an einen Kollegen weitergegeben, der prüft, ob wir Ihnen Ersatz schicken können.",
    other:
      "Ich habe Ihre Nachricht an einen Kollegen weitergegeben, der den nächsten Schritt bestätigt.",
  },
  fr: {
    refund:
      "J'ai transmis votre demande de remboursement à un collègue, qui confirmera si nous pouvons l'effectuer.",
    booking_change:
      "J'ai transmis votre demande à un collègue, qui confirmera si nous pouvons modifier votre réservation.",
    cancellation:
      "J'ai transmis votre demande d'annulation à un collègue, qui confirmera si nous pouvons l'effectuer.",
    replacement:
      "J'ai transmis votre demande à un collègue, qui confirmera si nous pouvons vous envoyer un remplacement.",
    other: "J'ai transmis votre message à un collègue, qui confirmera la prochaine étape.",
  },
  pt: {
    refund:
      "Encaminhei sua solicitação de reembolso a um colega, que vai confirmar se podemos fazê-lo.",
    booking_change:
      "Encaminhei sua solicitação a um colega, que vai confirmar se podemos alterar sua reserva.",
    cancellation:
      "Encaminhei sua solicitação de cancelamento a um colega, que vai confirmar se podemos fazê-lo.",
    replacement:
      "Encaminhei sua solicitação a um colega, que vai confirmar se podemos enviar um produto novo.",
    other: "Compartilhei sua mensagem com um colega, que vai confirmar o próximo passo.",
  },
  it: {
    refund:
      "Ho inoltrato la tua richiesta di rimborso a un collega, che confermerà se possiamo procedere.",
    booking_change:
      "Ho inoltrato la tua richiesta a un collega, che confermerà se possiamo modificare la tua prenotazione.",
    cancellation:
      "Ho inoltrato la tua richiesta di annullamento a un collega, che confermerà se possiamo procedere.",
    replacement:
      "Ho inoltrato la tua richiesta a un collega, che confermerà se possiamo inviarti un articolo nuovo.",
    other: "Ho condiviso il tuo messaggio con un collega, che confermerà il prossimo passo.",
  },
  nl: {
    refund:
      "Ik heb uw verzoek om terugbetaling doorgegeven aan een collega, die bevestigt of we het bedrag kunnen terugbetalen.",
    booking_change:
      "Ik heb uw verzoek doorgegeven aan een collega, die bevestigt of we uw boeking kunnen wijzigen.",
    cancellation:
      "Ik heb uw annuleringsverzoek doorgegeven aan een collega, die bevestigt of we kunnen annuleren.",
    replacement:
      "Ik heb uw verzoek doorgegeven aan een collega, die bevestigt of we u een nieuw exemplaar kunnen sturen.",
    other: "Ik heb uw bericht gedeeld met een collega, die de volgende stap bevestigt.",
  },
};

/**
 * While a requested change waits for a person's approval (a bot's approval request on the
 * ticket), the reply says a colleague is confirming it: never that it was made or requested.
 */
export const PENDING_SENTENCE: Record<SupportedLanguage, string> = {
  en: "A colleague is confirming the change you asked for, and I will let you know as soon as it is settled.",
  es: "Un compañero está confirmando el cambio que nos pediste y te avisaré en cuanto esté resuelto.",
  de: "Ein Kollege bestätigt gerade die gewünschte Änderung; ich melde mich, sobald sie abgeschlossen ist.",
  fr: "Un collègue est en train de confirmer la modification demandée ; je reviens vers vous dès qu'elle est finalisée.",
  pt: "Um colega está confirmando a alteração que você pediu e aviso assim que estiver concluída.",
  it: "Un collega sta confermando la modifica che hai richiesto e ti avviserò appena sarà completata.",
  nl: "Een collega bevestigt op dit moment de gevraagde wijziging; ik laat het u weten zodra die rond is.",
};

export function honestSentence(kind: CommitmentKind, language: string): string {
  const phrases = HONEST[(language in HONEST ? language : "en") as SupportedLanguage];
  return kind in phrases ? phrases[kind as HonestKey] : phrases.other;
}

/** Which honest sentence stands in for a sentence that promised several things. */
const PRIORITY: CommitmentKind[] = [
  "refund",
  "booking_change",
  "cancellation",
  "replacement",
  "escalation",
  "assignment",
  "handoff",
];

/**
 * The reply with each sentence that promises what no action backs replaced by what is true
 * (the request went to a colleague who will confirm it). A second unbacked sentence that would
 * get the same replacement is dropped rather than repeated.
 */
export function withoutUnbackedPromises(
  reply: string,
  bound: BoundCommitment[],
  language: string,
): string {
  const bySentence = new Map<number, BoundCommitment[]>();
  for (const commitment of bound) {
    if (commitment.actionId !== null) continue;
    const list = bySentence.get(commitment.start) ?? [];
    list.push(commitment);
    bySentence.set(commitment.start, list);
  }
  const edits = [...bySentence.values()]
    .map((list) => {
      const kind = PRIORITY.find((k) => list.some((c) => c.kind === k)) ?? "handoff";
      const first = list[0] as BoundCommitment;
      return { start: first.start, end: first.end, text: honestSentence(kind, language) };
    })
    .sort((a, b) => a.start - b.start);
  const used = new Set<string>();
  for (const edit of edits) {
    if (used.has(edit.text)) edit.text = "";
    used.add(edit.text);
  }
  let out = reply;
  for (const edit of [...edits].reverse()) {
    out = `${out.slice(0, edit.start)}${edit.text}${out.slice(edit.end)}`;
  }
  return out
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}

export interface DraftCommitments {
  reply: string;
  commitments: Commitment[];
  /** Rationale lines for the agent. */
  notes: string[];
}

const quote = (text: string) => `"${text.length > 120 ? `${text.slice(0, 119)}…` : text}"`;

/**
 * Binds the reply's promises to the draft's final actions. The offline drafter's reply (macro
 * texts included) is rewritten so it never promises what no action does; a model's reply is kept
 * as written, with the unbacked promise recorded (`actionId: null`, the sidebar blocks on it)
 * and named in the rationale.
 */
export function draftCommitments(input: {
  reply: string;
  language: string;
  actions: BindableAction[];
  rewrite: boolean;
}): DraftCommitments {
  let reply = input.reply;
  let bound = bindCommitments(reply, input.actions, input.language);
  const notes: string[] = [];
  const unbacked = bound.filter((c) => c.actionId === null);
  if (unbacked.length > 0 && input.rewrite) {
    reply = withoutUnbackedPromises(reply, bound, input.language);
    bound = bindCommitments(reply, input.actions, input.language);
    // What is left would be a promise nothing backs: it goes rather than stays.
    const left = new Map(
      bound.filter((c) => c.actionId === null).map((c) => [c.start, c.end] as const),
    );
    if (left.size > 0) {
      for (const [start, end] of [...left].sort((a, b) => b[0] - a[0]))
        reply = `${reply.slice(0, start)}${reply.slice(end)}`;
      reply = reply.replace(/\n{3,}/g, "\n\n").trim();
      bound = bindCommitments(reply, input.actions, input.language);
    }
    notes.push(
      `Rewrote ${unbacked.map((c) => quote(c.text)).join(", ")}: no proposed action does it, so the reply says a colleague will confirm instead.`,
    );
  } else if (unbacked.length > 0) {
    notes.push(
      `Unbacked promise: ${unbacked.map((c) => quote(c.text)).join(", ")} — no proposed action does it. Add the action or edit the sentence before approving.`,
    );
  }
  return {
    reply,
    // The contract keeps at most 50; a reply promising more is unreadable anyway.
    commitments: bound.slice(0, 50).map(({ kind, text, actionId }) => ({ kind, text, actionId })),
    notes,
  };
}
