import type { CommitmentKind } from "@tandem/shared";
import { alt, B, compose, E, hint, type LanguagePack, rules, test, WORD } from "../pattern";

const r = String.raw;

const ADV = r`(?:\s+(?:già|anche|personalmente|oggi|ora|subito|immediatamente|direttamente|appena))`;
const ADVS = `${ADV}{0,2}`;
const CL = r`(?:(?:ti|le|vi|gli|ce|lo|la|te\s+lo|te\s+la|glielo|gliela)\s+|l['’])`;
const DONE = r`${B}${CL}?(?:ho|abbiamo)${ADVS}\s+`;
const WILL = r`${B}(?:sto\s+per|stiamo\s+per|vado\s+a|andiamo\s+a|provvedo\s+a|provvediamo\s+a|procedo\s+a|procediamo\s+a|mi\s+occupo\s+di|ci\s+occupiamo\s+di)${ADVS}\s+`;
const WHO = r`(?:al|alla|allo|all['’]|ai|alle|a)\s*(?:nostr[oaei]\s+)?(?:[\p{L}-]+\s+)?(?:team|reparto|ufficio|collega|colleghi|servizio|settore|hotel|magazzino|agenzia|compagnia)(?:\s+(?:di|dei|del|della)\s+[\p{L}-]+|\s+(?!di\s)[\p{L}-]+)?`;

const ART = r`(?:il|un|il\s+tuo|il\s+suo|il\s+vostro|questo)`;
const REFUND = r`rimbors[oi]`;
const MONEY = r`(?:l['’]importo|il\s+denaro|i\s+soldi|il\s+pagamento|la\s+differenza)`;

const BOOKING = r`(?:prenotazion[ei]|date|data|soggiorno|vol[oi]|viaggio|check-?in|check-?out|arrivo|partenza|camera|bigliett[oi]|itinerario|appuntamento)`;
const NP_BOOKING = r`(?:(?:la|le|il|i|lo|gli)\s+(?:tua|tue|tuo|tuoi|sua|sue|suo|suoi|vostra|vostro)\s+|(?:la|le|il|i|lo|gli|questa|questo)\s+|l['’])(?:[\p{L}\p{N}-]+\s+){0,2}?${BOOKING}`;
const CHANGE = alt(
  r`(?:il|un|la|una)\s+(?:cambio|modifica|variazione|spostamento)\s+(?:di|della|delle|del|dei)\s+(?:date|data|prenotazione|soggiorno|volo)`,
  r`(?:le\s+)?nuove\s+date`,
);

const CANCELLABLE = r`(?:ordin[ei]|prenotazion[ei]|abbonamento|account|conto|piano|contratto|viaggio|vol[oi]|bigliett[oi]|soggiorno|acquisto|assicurazione|appuntamento|iscrizione)`;
const NP_CANCELLABLE = r`(?:(?:la|le|il|i|lo|gli)\s+(?:tua|tue|tuo|tuoi|sua|sue|suo|suoi|vostra|vostro)\s+|(?:la|le|il|i|lo|gli|questa|questo)\s+|l['’])(?:[\p{L}\p{N}-]+\s+){0,2}?${CANCELLABLE}`;
const CANCELLATION = r`(?:l['’]|un\s+|il\s+|la\s+|una\s+)(?:annullamento|cancellazione|disdetta|recesso)`;

const REPLACEMENT = r`(?:(?:un|una|uno|il|la)\s+|l['’])(?:(?:nuovo|nuova)\s+\p{L}+|\p{L}+\s+(?:nuov[oa]|sostitutiv[oa]|di\s+ricambio|in\s+sostituzione)|sostituzione|ricambio|sostituto)`;
const ITEM = r`(?:(?:il|la)\s+(?:tuo\s+|tua\s+|suo\s+|sua\s+)?|l['’])(?:articolo|prodotto|ordine|set|valigia|dispositivo|pacco)`;

const CASE = r`(?:caso|richiesta|segnalazione|ticket|pratica|reclamo|messaggio|problema|domanda|questione)`;
const THIS_CASE = r`(?:(?:la|il|lo)\s+(?:tua|tuo|sua|suo|vostra|vostro)\s+|(?:la|il|questa|questo)\s+)${CASE}`;
const HIGHER = r`(?:al|alla|all['’])\s*(?:nostr[oa]\s+)?(?:responsabile|supervisore|livello\s+superiore|direzione|secondo\s+livello)`;
/** A team or outside party; "a un collega" is not one. */
const DEST = r`(?:al|alla|allo|all['’]|ai|agli|alle)\s*(?:nostr[oaei]\s+)?(?:(?:team|reparto|ufficio|servizio|settore|dipartimento)(?:\s+(?:di|dei|del|della|delle)\s+\p{L}+)?|amministrazione|contabilità|specialisti|esperti|hotel|compagnia\s+aerea|magazzino|corriere|fornitore)`;
const HANDOFF_OBJ = r`(?:${THIS_CASE}|(?:i\s+tuoi|i\s+suoi|i)\s+(?:dati|dettagli|documenti)|le\s+(?:tue\s+|sue\s+)?(?:foto|informazioni))`;

const PASSIVE: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    REFUND,
    r`(?:(?:approvat|emess|dispost|elaborat|avviat|richiest|autorizzat|confermat|effettuat|eseguit|accreditat)[oi]|in\s+corso)`,
  ],
  [
    "refund",
    r`(?:ordin[ei]|importo|pagament[oi]|acquist[oi]|addebit[oi]|prenotazion[ei]|denaro|differenza)`,
    r`(?:rimborsat|restituit|accreditat)[oaie]`,
  ],
  [
    "booking_change",
    BOOKING,
    r`(?:modificat|cambiat|spostat|aggiornat|posticipat|anticipat|rinviat|prolungat)[oaie]`,
  ],
  [
    "booking_change",
    r`(?:cambio|modifica|variazione|spostamento|nuove\s+date)`,
    r`(?:effettuat|confermat|registrat|richiest|approvat|fatt|applicat)[oaie]`,
  ],
  ["cancellation", CANCELLABLE, r`(?:annullat|cancellat|disdett|chius|revocat)[oaie]`],
  [
    "cancellation",
    r`(?:annullamento|cancellazione|disdetta)`,
    r`(?:effettuat|confermat|registrat|richiest|approvat|elaborat)[oa]`,
  ],
  [
    "replacement",
    r`(?:sostituzione|ricambio|sostituto|(?:nuovo|nuova)\s+\p{L}+|\p{L}+\s+sostitutiv[oa])`,
    r`(?:(?:inviat|spedit|ordinat|richiest|approvat)[oa]|in\s+arrivo|in\s+viaggio)`,
  ],
  ["escalation", CASE, r`(?:scalat|escalat)[oa]`],
  ["assignment", CASE, r`(?:assegnat|affidat)[oa]\s+(?:a|al|alla|all['’])`],
  [
    "handoff",
    r`(?:${CASE}|dati|dettagli|documenti|foto|informazioni)`,
    r`(?:inoltrat|trasferit|passat|girat|inviat|trasmess)[oaie]\s+${DEST}`,
  ],
];

const PASS_AUX = r`(?:(?:è|sono)\s+(?:già\s+)?stat[oaie]|è\s+già|sarà|saranno|verrà|verranno|viene|vengono|è|sono)`;
const NP = (noun: string) =>
  r`${B}(?:(?:(?:il|la|i|le|lo|gli)\s+(?:tuo|tua|tuoi|tue|suo|sua|vostro|vostra)|il|la|i|le|lo|gli|questo|questa|un|una)\s+|l['’])(?:[\p{L}\p{N}-]+\s+){0,2}?${noun}`;

export const it: LanguagePack = {
  language: "it",
  rules: [
    ...compose(
      {
        done: [DONE],
        will: [
          WILL,
          r`${DONE}(?:chiesto|incaricato|domandato|detto)\s+${WHO}\s+di\s+`,
          r`${B}(?:chiederò|chiederemo|chiedo|chiediamo)\s+${WHO}\s+di\s+`,
        ],
        doing: [r`${B}(?:sto|stiamo)${ADVS}\s+`],
        now: [r`${B}(?:(?:ti|le|vi|gli|te\s+lo|ve\s+lo)\s+)?`],
        present: [r`${B}(?:ti|le|vi|gli)\s+`],
      },
      {
        refund: {
          done: alt(
            r`rimborsat[oaie]`,
            r`(?:approvato|emesso|disposto|elaborato|avviato|richiesto|autorizzato|confermato|effettuato|eseguito|predisposto|fatto|processato)\s+${ART}\s+${REFUND}`,
            r`(?:restituito|accreditato)\s+${MONEY}`,
          ),
          will: alt(
            r`rimborsar(?:ti|le|vi|e)`,
            r`(?:approvare|emettere|disporre|elaborare|avviare|richiedere|autorizzare|confermare|effettuare|eseguire|predisporre|fare|processare)\s+${ART}\s+${REFUND}`,
            r`(?:restituir|accreditar)(?:ti|le|vi|e)\s+${MONEY}`,
          ),
          doing: alt(
            r`rimborsando(?:ti|le|vi)?`,
            r`(?:approvando|emettendo|disponendo|elaborando|avviando|richiedendo|autorizzando|effettuando|eseguendo|predisponendo|facendo|processando)\s+${ART}\s+${REFUND}`,
          ),
          now: alt(
            r`(?:rimborserò|rimborseremo)`,
            r`(?:approverò|approveremo|emetterò|emetteremo|disporrò|disporremo|elaborerò|elaboreremo|avvierò|avvieremo|richiederò|richiederemo|effettuerò|effettueremo|farò|faremo|processerò|processeremo)\s+${ART}\s+${REFUND}`,
            r`(?:restituirò|restituiremo|accrediterò|accrediteremo)\s+${MONEY}`,
          ),
          present: alt(
            r`(?:rimborsiamo|rimborso)`,
            r`(?:emettiamo|effettuiamo|facciamo)\s+${ART}\s+${REFUND}`,
            r`(?:restituiamo|accreditiamo)\s+${MONEY}`,
          ),
        },
        booking_change: {
          done: alt(
            r`(?:modificato|cambiato|spostato|aggiornato|posticipato|anticipato|rinviato|prolungato|riprogrammato)\s+${NP_BOOKING}`,
            r`(?:effettuato|confermato|registrato|richiesto|approvato|fatto|applicato|elaborato)\s+${CHANGE}`,
          ),
          will: alt(
            r`(?:modificare|cambiare|spostare|aggiornare|posticipare|anticipare|rinviare|prolungare|riprogrammare)\s+${NP_BOOKING}`,
            r`(?:effettuare|confermare|registrare|richiedere|approvare|fare|applicare|elaborare)\s+${CHANGE}`,
          ),
          doing: alt(
            r`(?:modificando|cambiando|spostando|aggiornando|posticipando|anticipando|rinviando|prolungando)\s+${NP_BOOKING}`,
            r`(?:effettuando|registrando|richiedendo|facendo|applicando|elaborando)\s+${CHANGE}`,
          ),
          now: alt(
            r`(?:modificherò|modificheremo|cambierò|cambieremo|sposterò|sposteremo|aggiornerò|aggiorneremo|posticiperò|posticiperemo|anticiperò|anticiperemo|rinvierò|rinvieremo)\s+${NP_BOOKING}`,
            r`(?:effettuerò|effettueremo|confermerò|confermeremo|registrerò|registreremo|richiederò|richiederemo|farò|faremo|applicherò|applicheremo)\s+${CHANGE}`,
          ),
          present: r`(?:modifichiamo|cambiamo|spostiamo|aggiorniamo)\s+${NP_BOOKING}`,
        },
        cancellation: {
          done: alt(
            r`(?:annullato|cancellato|disdetto|chiuso|revocato)\s+${NP_CANCELLABLE}`,
            r`(?:effettuato|confermato|registrato|richiesto|approvato|elaborato|fatto|processato)\s+${CANCELLATION}`,
          ),
          will: alt(
            r`(?:annullare|cancellare|disdire|chiudere|revocare)\s+${NP_CANCELLABLE}`,
            r`(?:effettuare|confermare|registrare|richiedere|approvare|elaborare|fare|processare)\s+${CANCELLATION}`,
          ),
          doing: r`(?:annullando|cancellando|disdicendo|chiudendo|revocando)\s+${NP_CANCELLABLE}`,
          now: alt(
            r`(?:annullerò|annulleremo|cancellerò|cancelleremo|disdirò|disdiremo|chiuderò|chiuderemo)\s+${NP_CANCELLABLE}`,
            r`(?:effettuerò|effettueremo|confermerò|confermeremo|registrerò|registreremo|elaborerò|elaboreremo)\s+${CANCELLATION}`,
          ),
          present: r`(?:annulliamo|cancelliamo|disdiciamo)\s+${NP_CANCELLABLE}`,
        },
        replacement: {
          done: alt(
            r`(?:inviato|spedito|ordinato|richiesto|predisposto|organizzato|approvato|rispedito)\s+${REPLACEMENT}`,
            r`(?:sostituito|cambiato)\s+${ITEM}`,
            r`rispedito\s+(?:il\s+tuo\s+ordine|il\s+pacco|l['’]ordine)`,
          ),
          will: alt(
            r`(?:inviar|spedir|ordinar|richieder|predisporr|organizzar|rispedir)(?:ti|le|vi|e)\s+${REPLACEMENT}`,
            r`(?:sostituire|cambiare)\s+${ITEM}`,
          ),
          doing: r`(?:inviando|spedendo|ordinando|richiedendo|predisponendo|organizzando)(?:ti|le|vi)?\s+${REPLACEMENT}`,
          now: alt(
            r`(?:invierò|invieremo|spedirò|spediremo|ordinerò|ordineremo|richiederò|richiederemo|rispedirò|rispediremo)\s+${REPLACEMENT}`,
            r`(?:sostituirò|sostituiremo)\s+${ITEM}`,
          ),
          present: r`(?:inviamo|spediamo|mandiamo|invio|spedisco|mando)\s+${REPLACEMENT}`,
        },
        escalation: {
          done: alt(
            r`(?:scalato|escalato)(?:\s+${THIS_CASE})?`,
            r`(?:inoltrato|segnalato|trasmesso)\s+${THIS_CASE}\s+${HIGHER}`,
          ),
          will: alt(
            r`(?:scalare|escalare)(?:\s+${THIS_CASE})?`,
            r`(?:inoltrare|segnalare|trasmettere)\s+${THIS_CASE}\s+${HIGHER}`,
          ),
          now: r`(?:scalerò|scaleremo|inoltrerò|inoltreremo)\s+${THIS_CASE}\s+${HIGHER}`,
        },
        assignment: {
          done: r`(?:assegnato|affidato)\s+${THIS_CASE}\s+(?:a|al|alla|all['’])`,
          will: r`(?:assegnare|affidare)\s+${THIS_CASE}\s+(?:a|al|alla|all['’])`,
          now: r`(?:assegnerò|assegneremo|affiderò|affideremo)\s+${THIS_CASE}\s+(?:a|al|alla|all['’])`,
        },
        handoff: {
          done: r`(?:inoltrato|trasferito|passato|girato|inviato|trasmesso|segnalato)\s+${HANDOFF_OBJ}\s+${DEST}`,
          will: r`(?:inoltrare|trasferire|passare|girare|inviare|trasmettere|segnalare)\s+${HANDOFF_OBJ}\s+${DEST}`,
          doing: r`(?:inoltrando|trasferendo|passando|girando|inviando|trasmettendo)\s+${HANDOFF_OBJ}\s+${DEST}`,
          now: r`(?:inoltrerò|inoltreremo|trasferirò|trasferiremo|passerò|passeremo|girerò|gireremo|invierò|invieremo|trasmetterò|trasmetteremo)\s+${HANDOFF_OBJ}\s+${DEST}`,
        },
      },
    ),
    ...rules([
      ...PASSIVE.map(
        ([kind, noun, participle]) =>
          [
            kind,
            r`${NP(noun)}(?:\s+${WORD}){0,5}?\s+${PASS_AUX}(?:\s+(?:già|anche))?\s+${participle}`,
          ] as const,
      ),
      [
        "refund",
        r`${B}(?:riceverai|riceverà|riceverete|vedrai|vedrà|otterrai|otterrà)\s+(?:il|un|il\s+tuo|il\s+suo)\s+${REFUND}`,
      ],
      [
        "refund",
        r`${B}(?:sarai|sarà|sarete|verrai|verrà)\s+(?:interamente\s+|completamente\s+)?rimborsat[oaie]`,
      ],
      ["replacement", r`${B}(?:riceverai|riceverà|riceverete)\s+${REPLACEMENT}`],
    ]),
  ],
  hints: {
    refund: hint("rimbors|restitu|accredit"),
    booking_change: hint(
      "prenot|date|data|soggiorn|volo|voli|viaggi|check|arriv|partenz|camera|bigliett|itinerar|appuntament|cambio|modifica|variazion|spostament|nuove",
    ),
    cancellation: hint("annull|cancell|disdet|disdi|chius|chiud|revoc|recesso"),
    replacement: hint("nuov|sostitu|ricambi"),
    escalation: hint("scal|inoltr|segnal|trasme"),
    assignment: hint("assegn|affid"),
    handoff: hint("inoltr|trasfer|pass|gir|invi|trasme|segnal"),
  },
  conditional: test(
    r`${B}(?:se|qualora|nel\s+caso|a\s+meno\s+che|purché|sempre\s+che|in\s+caso)${E}`,
  ),
  negation: test(r`${B}(?:non|mai)(?:\s+(?:ti|le|vi|gli|lo|la|ci|si|ne|ancora|già)|\s*l['’])*\s*$`),
};
