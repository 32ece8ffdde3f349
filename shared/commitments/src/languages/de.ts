import type { CommitmentKind } from "@tandem/shared";
import { alt, B, E, framedPhrases, hint, type LanguagePack, rules, test, WORD } from "../pattern";

const r = String.raw;

/**
 * German puts the participle or infinitive at the end of the clause, after the object: the
 * rules allow a few words between the auxiliary and the verb, never a negation.
 */
const NW = r`(?:\d{1,2}\.|(?!(?:nicht|kein\p{L}*|nie|niemals|noch\s+nicht)${E})${WORD})`;
const win = (max: number) => r`(?:\s+${NW}){0,${max}}?`;

const DONE = alt(
  r`${B}(?:ich|wir)\s+(?:habe|haben|hatte|hatten)`,
  r`${B}(?:habe|haben|hatte|hatten)\s+(?:ich|wir)`,
);
const WILL = alt(r`${B}(?:ich|wir)\s+(?:werde|werden)`, r`${B}(?:werde|werden)\s+(?:ich|wir)`);
const NOW = r`${B}(?:ich|wir)`;
const YOU = r`(?:Ihnen|dir|euch)`;

const REFUND_N = r`\p{L}*(?:erstattung|rückzahlung|gutschrift)`;
const MONEY = r`(?:betrag|geld|kaufpreis|bestellwert|zahlung|bestellung|buchung|summe|versandkosten|gebühr(?:en)?|differenz|kosten)`;
const BOOKING = r`(?:(?:hotel|flug|reise|zimmer|pauschal)?buchung(?:en)?|reservierung(?:en)?|reisedaten|daten|datum|termine?|aufenthalt|flug|flüge|reise|anreise|abreise|zimmer|check-?in|check-?out)`;
const REBOOKING = r`(?:umbuchung|datumsänderung|terminänderung|buchungsänderung|reiseänderung)`;
const CANCELLABLE = r`(?:bestellung(?:en)?|(?:hotel|flug|reise|zimmer)?buchung(?:en)?|reservierung(?:en)?|abonnement|abo|vertrag|konto|mitgliedschaft|auftrag|flug|reise|termin)`;
const CANCELLATION = r`(?:stornierung|kündigung|annullierung|stornoanfrage)`;
const REPLACEMENT = r`(?:ersatz(?:lieferung|artikel|gerät|teil|produkt|sendung|paket)?|austausch(?:gerät|artikel)?|neue[snmr]?\s+\p{L}+)`;
const CASE = r`(?:anfrage|anliegen|fall|ticket|nachricht|reklamation|beschwerde|vorgang|unterlagen|daten|angaben|informationen|fotos)`;
/** A team or outside party; "an einen Kollegen" is not one. */
const DEST = r`an\s+(?:unsere[nm]?|die|den|das|unser)\s+(?:\p{L}+\s+)?(?:\p{L}*abteilung|\p{L}*team|buchhaltung|kundendienst|fachbereich|spezialisten|experten|hotel|fluggesellschaft|airline|lager|versandlager|spedition|lieferanten|kollegen\s+(?:der|des|vom|von)\s+\p{L}+)`;
const HIGHER = r`(?:an|zu)\s+(?:die|den|unsere[nm]?)\s+(?:vorgesetzte[nr]?|teamleit\p{L}*|leitung|management|zweite[nr]?\s+ebene)`;
const ART = r`(?:die|eine|Ihre|Ihnen\s+die|Ihnen\s+eine|deine)`;

/** Verb phrases: what follows "ich habe" (participle) and "ich werde" (infinitive). */
const PHRASES: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    alt(
      r`${win(6)}\s+(?:zurück|rück)?erstattet`,
      r`${win(6)}\s+(?:zurückgezahlt|zurückgebucht|gutgeschrieben|zurücküberwiesen)`,
      r`${win(3)}\s+${ART}\s+${REFUND_N}${win(4)}\s+(?:veranlasst|genehmigt|freigegeben|eingeleitet|angewiesen|bearbeitet|ausgelöst|beantragt|angestoßen|durchgeführt|vorgenommen|bestätigt|angefordert|gebucht)`,
    ),
    alt(
      r`${win(6)}\s+(?:zurück|rück)?erstatten`,
      r`${win(6)}\s+(?:zurückzahlen|zurückbuchen|gutschreiben|zurücküberweisen)`,
      r`${win(3)}\s+${ART}\s+${REFUND_N}${win(4)}\s+(?:veranlassen|genehmigen|freigeben|einleiten|anweisen|bearbeiten|auslösen|beantragen|anstoßen|durchführen|vornehmen|bestätigen|anfordern|buchen)`,
    ),
  ],
  [
    "booking_change",
    alt(
      r`${win(3)}\s+${BOOKING}${win(5)}\s+(?:geändert|umgebucht|verschoben|angepasst|verlegt|aktualisiert|verlängert|verkürzt|vorverlegt)`,
      r`${win(5)}\s+umgebucht`,
      r`${win(3)}\s+(?:die|eine|Ihre)\s+${REBOOKING}${win(4)}\s+(?:veranlasst|vorgenommen|durchgeführt|beantragt|bestätigt|eingetragen|gebucht|angestoßen)`,
    ),
    alt(
      r`${win(3)}\s+${BOOKING}${win(5)}\s+(?:ändern|umbuchen|verschieben|anpassen|verlegen|aktualisieren|verlängern|verkürzen|vorverlegen)`,
      r`${win(5)}\s+umbuchen`,
      r`${win(3)}\s+(?:die|eine|Ihre)\s+${REBOOKING}${win(4)}\s+(?:veranlassen|vornehmen|durchführen|beantragen|bestätigen|eintragen|buchen|anstoßen)`,
    ),
  ],
  [
    "cancellation",
    alt(
      r`${win(6)}\s+(?:storniert|gekündigt|annulliert)`,
      r`${win(3)}\s+(?:die|eine|Ihre)\s+${CANCELLATION}${win(4)}\s+(?:veranlasst|vorgenommen|durchgeführt|bestätigt|bearbeitet|eingereicht|beantragt)`,
    ),
    alt(
      r`${win(6)}\s+(?:stornieren|kündigen|annullieren)`,
      r`${win(3)}\s+(?:die|eine|Ihre)\s+${CANCELLATION}${win(4)}\s+(?:veranlassen|vornehmen|durchführen|bestätigen|bearbeiten|einreichen|beantragen)`,
    ),
  ],
  [
    "replacement",
    alt(
      r`${win(3)}\s+${REPLACEMENT}${win(4)}\s+(?:verschickt|versandt|versendet|geschickt|gesendet|veranlasst|bestellt|auf\s+den\s+Weg\s+gebracht|angefordert|beauftragt|zugeschickt|losgeschickt)`,
      r`${win(5)}\s+ausgetauscht`,
    ),
    alt(
      r`${win(3)}\s+${REPLACEMENT}${win(4)}\s+(?:verschicken|versenden|schicken|senden|veranlassen|bestellen|auf\s+den\s+Weg\s+bringen|anfordern|beauftragen|zuschicken|losschicken)`,
      r`${win(5)}\s+austauschen`,
    ),
  ],
  [
    "escalation",
    alt(
      r`${win(5)}\s+eskaliert`,
      r`${win(3)}\s+${HIGHER}${win(2)}\s+(?:weitergeleitet|weitergegeben|übergeben)`,
    ),
    alt(
      r`${win(5)}\s+eskalieren`,
      r`${win(3)}\s+${HIGHER}${win(2)}\s+(?:weiterleiten|weitergeben|übergeben)`,
    ),
  ],
  [
    "assignment",
    r`${win(3)}\s+(?:Ihre[nm]?|den|die|das)\s+${CASE}${win(4)}\s+(?:zugewiesen|zugeteilt|übertragen)`,
    r`${win(3)}\s+(?:Ihre[nm]?|den|die|das)\s+${CASE}${win(4)}\s+(?:zuweisen|zuteilen|übertragen)`,
  ],
  [
    "handoff",
    alt(
      r`${win(3)}\s+${CASE}${win(3)}\s+${DEST}${win(2)}\s+(?:weitergeleitet|weitergegeben|übergeben|übermittelt|geschickt|gesendet)`,
      r`${win(3)}\s+${CASE}\s+(?:weitergeleitet|weitergegeben|übergeben|übermittelt)\s+${DEST}`,
    ),
    r`${win(3)}\s+${CASE}${win(3)}\s+${DEST}${win(2)}\s+(?:weiterleiten|weitergeben|übergeben|übermitteln)`,
  ],
];

/** "Ich habe unser Reiseteam gebeten, Ihre Buchung zu ändern." */
const ASKED = r`${DONE}${win(3)}\s+(?:\p{L}*team|\p{L}*abteilung|kolleg\p{L}*|buchhaltung|hotel|reisebüro|lager|fluggesellschaft)${win(2)}\s+(?:gebeten|beauftragt|angewiesen)\s*,?`;
const TO_DO: Array<[CommitmentKind, string]> = [
  [
    "refund",
    r`${win(5)}\s+(?:zu\s+(?:erstatten|überweisen)|zurückzuerstatten|zurückzuzahlen|zurückzubuchen|gutzuschreiben)`,
  ],
  [
    "booking_change",
    alt(
      r`${win(3)}\s+${BOOKING}${win(3)}\s+(?:zu\s+(?:ändern|verschieben|verlegen|aktualisieren)|anzupassen)`,
      r`${win(5)}\s+umzubuchen`,
    ),
  ],
  ["cancellation", r`${win(5)}\s+zu\s+(?:stornieren|kündigen|annullieren)`],
  [
    "replacement",
    r`${win(3)}\s+${REPLACEMENT}${win(3)}\s+(?:zu\s+(?:schicken|senden|versenden|verschicken|bestellen)|zuzuschicken)`,
  ],
];

/** "Ihre Buchung wurde storniert", "Die Erstattung ist veranlasst worden". */
const PASSIVE: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    REFUND_N,
    r`(?:veranlasst|genehmigt|freigegeben|eingeleitet|angewiesen|bearbeitet|ausgelöst|beantragt|angestoßen|durchgeführt|vorgenommen|bestätigt|gebucht|überwiesen)`,
  ],
  [
    "refund",
    MONEY,
    r`(?:(?:zurück|rück)?erstattet|zurückgezahlt|zurückgebucht|gutgeschrieben|zurücküberwiesen)`,
  ],
  [
    "booking_change",
    BOOKING,
    r`(?:geändert|umgebucht|verschoben|angepasst|verlegt|aktualisiert|verlängert|verkürzt|vorverlegt)`,
  ],
  [
    "booking_change",
    REBOOKING,
    r`(?:vorgenommen|durchgeführt|veranlasst|bestätigt|beantragt|eingetragen|gebucht)`,
  ],
  ["cancellation", CANCELLABLE, r`(?:storniert|gekündigt|annulliert|abgesagt|aufgehoben)`],
  [
    "cancellation",
    CANCELLATION,
    r`(?:veranlasst|vorgenommen|durchgeführt|bestätigt|bearbeitet|eingereicht|beantragt)`,
  ],
  [
    "replacement",
    REPLACEMENT,
    r`(?:verschickt|versandt|versendet|geschickt|gesendet|veranlasst|bestellt|auf\s+den\s+Weg\s+gebracht|angefordert|beauftragt|zugeschickt|unterwegs)`,
  ],
  ["escalation", CASE, r`eskaliert`],
  ["assignment", CASE, r`(?:zugewiesen|zugeteilt|übertragen)`],
  [
    "handoff",
    CASE,
    r`(?:${DEST}${win(2)}\s+)?(?:weitergeleitet|weitergegeben|übergeben|übermittelt)(?:\s+${DEST})?`,
  ],
];
const NP = (noun: string) =>
  r`${B}(?:Ihre[nmrs]?|Ihr|die|der|das|den|dem|eine[nmrs]?|ein|deine?[nmrs]?|dein)(?:\s+\p{L}+){0,2}?\s+${noun}`;
const PASS_AUX = r`(?:wurde|wurden|ist|sind|wird|werden)`;

const passive = PASSIVE.map(([kind, noun, participle]) => {
  // Handed to a team: the destination is what makes it a handoff, so it must be there.
  const needsDest = kind === "handoff";
  const part = needsDest
    ? alt(
        r`${DEST}${win(2)}\s+(?:weitergeleitet|weitergegeben|übergeben|übermittelt)`,
        r`(?:weitergeleitet|weitergegeben|übergeben|übermittelt)\s+${DEST}`,
      )
    : participle;
  return [kind, r`${NP(noun)}${win(5)}\s+${PASS_AUX}${win(5)}\s+${part}(?:\s+worden)?`] as const;
});

export const de: LanguagePack = {
  language: "de",
  rules: rules([
    ...framedPhrases({ done: DONE, will: WILL, asked: ASKED }, PHRASES, TO_DO),
    ...passive,
    // Present tense as a promise: "Wir erstatten Ihnen den vollen Betrag."
    ["refund", r`${NOW}\s+(?:erstatten|erstatte)\s+${YOU}`],
    [
      "refund",
      r`${NOW}\s+(?:buchen|buche|zahlen|zahle|überweisen|überweise)\s+${YOU}${win(4)}\s+zurück`,
    ],
    [
      "refund",
      r`${NOW}\s+(?:veranlassen|veranlasse|leiten|leite)\s+(?:Ihnen\s+)?(?:die|eine)\s+${REFUND_N}`,
    ],
    ["booking_change", r`${NOW}\s+(?:buchen|buche)\s+(?:Sie|dich|euch)${win(4)}\s+um`],
    [
      "booking_change",
      r`${NOW}\s+(?:ändern|ändere|verschieben|verschiebe)\s+(?:Ihnen\s+)?${NP(BOOKING)}`,
    ],
    ["cancellation", r`${NOW}\s+(?:stornieren|storniere|kündigen|kündige)\s+${NP(CANCELLABLE)}`],
    [
      "replacement",
      r`${NOW}\s+(?:schicken|schicke|senden|sende|verschicken|verschicke)\s+${YOU}${win(3)}\s+${REPLACEMENT}`,
    ],
    [
      "refund",
      r`${B}(?:ich\s+kümmere\s+mich|wir\s+kümmern\s+uns)${win(2)}\s+um\s+(?:die|Ihre|eine)\s+${REFUND_N}`,
    ],
    [
      "booking_change",
      r`${B}(?:ich\s+kümmere\s+mich|wir\s+kümmern\s+uns)${win(2)}\s+um\s+(?:die|Ihre|eine)\s+${REBOOKING}`,
    ],
    [
      "cancellation",
      r`${B}(?:ich\s+kümmere\s+mich|wir\s+kümmern\s+uns)${win(2)}\s+um\s+(?:die|Ihre|eine)\s+${CANCELLATION}`,
    ],
    [
      "replacement",
      r`${B}(?:ich\s+kümmere\s+mich|wir\s+kümmern\s+uns)${win(2)}\s+um\s+(?:die|Ihre|eine|einen)\s+${REPLACEMENT}`,
    ],
    // "Sie erhalten Ihr Geld zurück", "Sie bekommen eine Gutschrift"
    [
      "refund",
      r`${B}Sie\s+(?:erhalten|bekommen|werden)${win(4)}\s+(?:(?:Ihr\s+Geld|den\s+(?:vollen\s+)?Betrag|den\s+Kaufpreis)\s+zurück|(?:eine|die|Ihre)\s+${REFUND_N})`,
    ],
    ["replacement", r`${B}Sie\s+(?:erhalten|bekommen)${win(3)}\s+${REPLACEMENT}`],
    // "Ich habe veranlasst, dass Ihnen der Betrag erstattet wird."
    [
      "refund",
      r`${DONE}${win(2)}\s+veranlasst,?\s+dass${win(8)}\s+(?:(?:zurück)?erstattet|gutgeschrieben|zurückgezahlt)\s+(?:wird|werden)`,
    ],
    [
      "booking_change",
      r`${DONE}${win(2)}\s+veranlasst,?\s+dass${win(3)}\s+${BOOKING}${win(5)}\s+(?:geändert|umgebucht|verschoben)\s+(?:wird|werden)`,
    ],
    [
      "cancellation",
      r`${DONE}${win(2)}\s+veranlasst,?\s+dass${win(8)}\s+(?:storniert|gekündigt)\s+(?:wird|werden)`,
    ],
  ]),
  hints: {
    refund: hint("erstatt|zahl|gutschr|gutgeschr|zurück"),
    booking_change: hint(
      "buch|reserv|datum|daten|termin|aufenthalt|flug|flüge|reise|zimmer|check|änderung",
    ),
    cancellation: hint("storn|kündig|annull|abgesagt|aufgehoben"),
    replacement: hint("ersatz|austausch|neue|ausgetauscht"),
    escalation: hint("eskal|vorgesetzt|teamleit|leitung|management|ebene"),
    assignment: hint("zugewiesen|zugeteilt|übertrag|zuweisen|zuteilen"),
    handoff: hint("weiter|übergeb|übermitt|geschickt|gesendet"),
  },
  conditional: test(r`${B}(?:wenn|falls|sofern|ob|soweit|vorausgesetzt)${E}`),
  negation: test(r`${B}(?:nicht|kein\p{L}*|nie|niemals)\s*$`),
};
