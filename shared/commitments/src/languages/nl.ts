import type { CommitmentKind } from "@tandem/shared";
import { alt, B, E, framedPhrases, hint, type LanguagePack, rules, test, WORD } from "../pattern";

const r = String.raw;

/** Dutch, like German, ends the clause with its verb: a few words may stand before it. */
const NW = r`(?:\d{1,2}\.|(?!(?:niet|geen|nooit)${E})${WORD})`;
const win = (max: number) => r`(?:\s+${NW}){0,${max}}?`;

const DONE = alt(
  r`${B}(?:ik|wij|we)\s+(?:heb|hebben|had|hadden)`,
  r`${B}(?:heb|hebben)\s+(?:ik|wij|we)`,
);
const WILL = alt(
  r`${B}(?:ik|wij|we)\s+(?:zal|zullen|ga|gaan)`,
  r`${B}(?:zal|zullen|ga|gaan)\s+(?:ik|wij|we)`,
);
const NOW = r`${B}(?:ik|wij|we)`;
const YOU = r`(?:u|je|jou|jullie)`;

const REFUND_N = r`(?:terugbetaling|restitutie|creditering|vergoeding|terugstorting)`;
const BOOKING = r`(?:boeking(?:en)?|reservering(?:en)?|data|datum|verblijf|vlucht(?:en)?|reis|kamer|afspraak|incheckdatum|aankomst|vertrek)`;
const REBOOKING = r`(?:omboeking|wijziging|datumwijziging|boekingswijziging|nieuwe\s+data)`;
const CANCELLABLE = r`(?:bestelling(?:en)?|boeking(?:en)?|reservering(?:en)?|abonnement|account|lidmaatschap|contract|vlucht|reis|afspraak|order)`;
const CANCELLATION = r`(?:annulering|opzegging|annuleringsaanvraag)`;
const REPLACEMENT = r`(?:vervanging|vervangend\s+\p{L}+|vervangende\s+\p{L}+|nieuwe?\s+\p{L}+|nieuw\s+exemplaar)`;
const CASE = r`(?:vraag|verzoek|aanvraag|zaak|ticket|bericht|klacht|melding|gegevens|foto's|documenten)`;
/** A team or outside party; "naar een collega" is not one. */
const DEST = r`(?:naar|aan)\s+(?:onze|ons|de|het)\s+(?:\p{L}+\s+){0,2}?(?:\p{L}*afdeling|\p{L}*team|specialisten|experts|hotel|luchtvaartmaatschappij|magazijn|vervoerder|leverancier|boekhouding|facturatie|administratie)(?:\s+\p{L}+)?`;

const PHRASES: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    alt(
      r`${win(6)}\s+(?:terugbetaald|teruggestort|gecrediteerd|vergoed|terug\s+gestort|terug\s+betaald)`,
      r`${win(3)}\s+(?:de|een|uw|je)\s+${REFUND_N}${win(4)}\s+(?:goedgekeurd|verwerkt|aangevraagd|ingediend|gestart|in\s+gang\s+gezet|uitgevoerd|klaargezet|bevestigd|geregeld)`,
    ),
    alt(
      r`${win(6)}\s+(?:terugbetalen|terugstorten|crediteren|vergoeden)`,
      r`${win(3)}\s+(?:de|een|uw|je)\s+${REFUND_N}${win(4)}\s+(?:goedkeuren|verwerken|aanvragen|indienen|starten|in\s+gang\s+zetten|uitvoeren|klaarzetten|bevestigen|regelen)`,
    ),
  ],
  [
    "booking_change",
    alt(
      r`${win(3)}\s+${BOOKING}${win(5)}\s+(?:gewijzigd|aangepast|verzet|omgeboekt|verplaatst|veranderd|bijgewerkt|verlengd|ingekort|vervroegd|uitgesteld)`,
      r`${win(5)}\s+omgeboekt`,
      r`${win(3)}\s+(?:de|een|uw|je)\s+${REBOOKING}${win(4)}\s+(?:doorgevoerd|verwerkt|aangevraagd|bevestigd|geregeld|uitgevoerd)`,
    ),
    alt(
      r`${win(3)}\s+${BOOKING}${win(5)}\s+(?:wijzigen|aanpassen|verzetten|omboeken|verplaatsen|veranderen|bijwerken|verlengen|inkorten|vervroegen|uitstellen)`,
      r`${win(5)}\s+omboeken`,
      r`${win(3)}\s+(?:de|een|uw|je)\s+${REBOOKING}${win(4)}\s+(?:doorvoeren|verwerken|aanvragen|bevestigen|regelen|uitvoeren)`,
    ),
  ],
  [
    "cancellation",
    alt(
      r`${win(6)}\s+(?:geannuleerd|opgezegd|stopgezet|gecanceld|geannuleerd)`,
      r`${win(3)}\s+(?:de|een|uw|je)\s+${CANCELLATION}${win(4)}\s+(?:verwerkt|doorgevoerd|bevestigd|aangevraagd|ingediend|geregeld)`,
    ),
    alt(
      r`${win(6)}\s+(?:annuleren|opzeggen|stopzetten|cancelen)`,
      r`${win(3)}\s+(?:de|een|uw|je)\s+${CANCELLATION}${win(4)}\s+(?:verwerken|doorvoeren|bevestigen|aanvragen|indienen|regelen)`,
    ),
  ],
  [
    "replacement",
    alt(
      r`${win(3)}\s+(?:een|de|het|uw|je)\s+${REPLACEMENT}${win(4)}\s+(?:verstuurd|verzonden|opgestuurd|gestuurd|besteld|aangevraagd|geregeld|klaargezet)`,
      r`${win(5)}\s+(?:vervangen|omgeruild|opnieuw\s+verzonden|opnieuw\s+verstuurd)`,
    ),
    alt(
      r`${win(3)}\s+(?:een|de|het|uw|je)\s+${REPLACEMENT}${win(4)}\s+(?:versturen|verzenden|opsturen|sturen|bestellen|aanvragen|regelen|klaarzetten)`,
      r`${win(5)}\s+(?:vervangen|omruilen|opnieuw\s+verzenden|opnieuw\s+versturen)`,
    ),
  ],
  [
    "escalation",
    r`${win(5)}\s+(?:geëscaleerd|opgeschaald)`,
    r`${win(5)}\s+(?:escaleren|opschalen)`,
  ],
  [
    "assignment",
    r`${win(4)}\s+${CASE}${win(3)}\s+(?:aan\s+\p{L}+(?:\s+\p{L}+)?\s+)?(?:toegewezen|toegekend)`,
    r`${win(4)}\s+${CASE}${win(3)}\s+(?:aan\s+\p{L}+(?:\s+\p{L}+)?\s+)?(?:toewijzen|toekennen)`,
  ],
  [
    "handoff",
    alt(
      r`${win(3)}\s+${CASE}${win(2)}\s+(?:doorgestuurd|doorgezet|overgedragen|doorgegeven|doorverwezen|gestuurd)\s+${DEST}`,
      r`${win(3)}\s+${CASE}${win(2)}\s+${DEST}${win(1)}\s+(?:doorgestuurd|doorgezet|overgedragen|doorgegeven|doorverwezen|gestuurd)`,
    ),
    alt(
      r`${win(3)}\s+${CASE}${win(2)}\s+${DEST}${win(1)}\s+(?:doorsturen|doorzetten|overdragen|doorgeven|doorverwijzen|sturen)`,
      r`${win(3)}\s+${CASE}${win(2)}\s+(?:doorsturen|doorzetten|overdragen|doorgeven|doorverwijzen)\s+${DEST}`,
    ),
  ],
];

/** "Ik heb ons reisteam gevraagd uw boeking te verzetten." */
const ASKED = r`${DONE}${win(3)}\s+(?:\p{L}*team|\p{L}*afdeling|collega'?s?|hotel|magazijn|reisbureau)\s+(?:gevraagd|opdracht\s+gegeven)(?:\s+om)?`;
const TO_DO: Array<[CommitmentKind, string]> = [
  ["refund", r`${win(5)}\s+(?:terug\s+te\s+(?:betalen|storten)|te\s+(?:crediteren|vergoeden))`],
  [
    "booking_change",
    alt(
      r`${win(3)}\s+${BOOKING}${win(3)}\s+te\s+(?:wijzigen|verzetten|verplaatsen|veranderen|vervroegen)`,
      r`${win(3)}\s+${BOOKING}${win(3)}\s+(?:aan\s+te\s+passen|om\s+te\s+boeken|uit\s+te\s+stellen)`,
      r`${win(5)}\s+om\s+te\s+boeken`,
    ),
  ],
  ["cancellation", r`${win(5)}\s+(?:te\s+annuleren|op\s+te\s+zeggen|stop\s+te\s+zetten)`],
  [
    "replacement",
    r`${win(3)}\s+${REPLACEMENT}${win(3)}\s+(?:te\s+(?:versturen|sturen|verzenden)|op\s+te\s+sturen)`,
  ],
];

const PASSIVE: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    REFUND_N,
    r`(?:goedgekeurd|verwerkt|aangevraagd|ingediend|gestart|in\s+gang\s+gezet|uitgevoerd|bevestigd|geregeld|onderweg)`,
  ],
  [
    "refund",
    r`(?:bedrag|geld|aankoopbedrag|betaling|bestelling|boeking|kosten|verschil)`,
    r`(?:terugbetaald|teruggestort|gecrediteerd|vergoed)`,
  ],
  [
    "booking_change",
    BOOKING,
    r`(?:gewijzigd|aangepast|verzet|omgeboekt|verplaatst|veranderd|bijgewerkt|verlengd|ingekort|vervroegd|uitgesteld)`,
  ],
  [
    "booking_change",
    REBOOKING,
    r`(?:doorgevoerd|verwerkt|aangevraagd|bevestigd|geregeld|uitgevoerd)`,
  ],
  ["cancellation", CANCELLABLE, r`(?:geannuleerd|opgezegd|stopgezet|gecanceld)`],
  [
    "cancellation",
    CANCELLATION,
    r`(?:verwerkt|doorgevoerd|bevestigd|aangevraagd|ingediend|geregeld)`,
  ],
  [
    "replacement",
    REPLACEMENT,
    r`(?:verstuurd|verzonden|opgestuurd|gestuurd|besteld|aangevraagd|geregeld|onderweg)`,
  ],
  ["escalation", CASE, r`(?:geëscaleerd|opgeschaald)`],
  ["assignment", CASE, r`(?:toegewezen|toegekend)`],
];
const NP = (noun: string) => r`${B}(?:uw|je|jouw|de|het|dit|deze|een)(?:\s+\p{L}+){0,2}?\s+${noun}`;
const PASS_AUX = r`(?:is|zijn|wordt|worden|werd|werden|zal\s+worden|zullen\s+worden)`;

export const nl: LanguagePack = {
  language: "nl",
  rules: rules([
    ...framedPhrases({ done: DONE, will: WILL, asked: ASKED }, PHRASES, TO_DO),
    ...PASSIVE.map(
      ([kind, noun, participle]) =>
        [kind, r`${NP(noun)}${win(4)}\s+${PASS_AUX}${win(5)}\s+${participle}`] as const,
    ),
    [
      "handoff",
      r`${NP(CASE)}${win(4)}\s+(?:is|zijn|wordt|worden|werd|werden)${win(3)}\s+(?:(?:doorgestuurd|doorgezet|overgedragen|doorgegeven|doorverwezen)\s+${DEST}|${DEST}${win(1)}\s+(?:doorgestuurd|doorgezet|overgedragen|doorgegeven|doorverwezen))`,
    ],
    // Present tense as a promise: "We betalen u het bedrag terug", "We sturen u een nieuwe set".
    ["refund", r`${NOW}\s+(?:betalen|betaal|storten|stort)\s+${YOU}${win(4)}\s+terug`],
    ["refund", r`${NOW}\s+(?:vergoeden|vergoed|crediteren|crediteer)\s+${YOU}`],
    ["cancellation", r`${NOW}\s+(?:annuleren|annuleer)\s+${NP(CANCELLABLE)}`],
    ["booking_change", r`${NOW}\s+(?:boeken|boek)\s+(?:u|je|jullie)${win(3)}\s+om`],
    [
      "replacement",
      r`${NOW}\s+(?:sturen|stuur|versturen|verstuur|verzenden|verzend)\s+${YOU}${win(2)}\s+(?:een|de|het)\s+${REPLACEMENT}`,
    ],
    [
      "refund",
      r`${B}(?:u|je)\s+(?:ontvangt|krijgt|zult|zal)${win(4)}\s+(?:(?:het|uw|je)\s+(?:geld|bedrag)\s+terug|(?:een|de|uw|je)\s+${REFUND_N})`,
    ],
    ["replacement", r`${B}(?:u|je)\s+(?:ontvangt|krijgt)${win(3)}\s+(?:een|de)\s+${REPLACEMENT}`],
  ]),
  hints: {
    refund: hint("terug|credit|vergoe|restitut"),
    booking_change: hint(
      "boek|reserver|data|datum|verblijf|vlucht|reis|kamer|afspraak|incheck|aankomst|vertrek|wijziging",
    ),
    cancellation: hint("annul|opzeg|opgezegd|stop|cancel"),
    replacement: hint("vervang|nieuw|omgeruild|omruil|opnieuw"),
    escalation: hint("escal|opgeschaald|opschal"),
    assignment: hint("toegewezen|toegekend|toewijz|toeken"),
    handoff: hint("door|overgedragen|overdragen|gestuurd|sturen"),
  },
  conditional: test(
    r`${B}(?:als\s+(?:u|je|jij|we|wij|het|de|dit|er|uw|jouw)|indien|mocht(?:en)?|tenzij|wanneer\s+u\s+(?:wilt|wenst)|of\s+(?:we|wij|u|je|het|de|dit|er))${E}`,
  ),
  negation: test(r`${B}(?:niet|geen|nooit)\s*$`),
};
