import type { CommitmentKind } from "@tandem/shared";
import { alt, B, compose, E, hint, type LanguagePack, rules, test, WORD } from "../pattern";

const r = String.raw;

const ADV = r`(?:\s+(?:déjà|bien|également|aussi|personnellement|immédiatement|aujourd['’]hui|tout\s+de\s+suite|directement|maintenant))`;
const ADVS = `${ADV}{0,2}`;
const TO_YOU = r`(?:(?:vous|lui|leur)\s+)`;

const DONE = alt(
  r`${B}j['’]ai${ADVS}\s+`,
  r`${B}je\s+(?:vous|lui|leur)\s+ai${ADVS}\s+`,
  r`${B}nous\s+${TO_YOU}?avons${ADVS}\s+`,
  r`${B}on\s+${TO_YOU}?a${ADVS}\s+`,
);
const WILL = r`${B}(?:je|nous|on)\s+${TO_YOU}?(?:vais|allons|va)${ADVS}\s+${TO_YOU}?`;
const WHO = r`(?:à|au|aux)?\s*(?:(?:notre|nos|la|le|les|un|une)\s+|l['’])(?:[\p{L}-]+\s+){0,2}?(?:équipe|service|collègues?|agence|hôtel|entrepôt|compagnie|département|conseillers?|responsable)(?:\s+(?:des|du|de\s+la|de|d['’])\s*[\p{L}-]+)?`;

const ART = r`(?:le|un|votre|ce)`;
const REFUND = r`(?:remboursements?|avoirs?)`;

const BOOKING = r`(?:réservations?|dates?|séjour|vols?|voyage|arrivée|départ|nuitées?|chambre|billets?|itinéraire|rendez-vous)`;
const NP_BOOKING = r`(?:(?:votre|vos|la|les|le|ce|cette)\s+|l['’])(?:[\p{L}\p{N}-]+\s+){0,2}?${BOOKING}`;
const CHANGE = alt(
  r`(?:la|une|votre|le|un)\s+(?:modification|changement)\s+(?:de|des|du)\s+(?:dates?|réservation|séjour|vol)`,
  r`(?:la|une|le|un)\s+(?:modification|changement)\s+(?:de|sur)\s+${NP_BOOKING}`,
  r`(?:vos|les)\s+nouvelles\s+dates`,
);

const CANCELLABLE = r`(?:commandes?|réservations?|abonnements?|compte|forfait|contrat|séjour|vols?|voyage|billets?|rendez-vous|excursion|achat|assurance)`;
const NP_CANCELLABLE = r`(?:(?:votre|vos|la|les|le|ce|cette)\s+|l['’])(?:[\p{L}\p{N}-]+\s+){0,2}?${CANCELLABLE}`;
const CANCELLATION = r`(?:l['’]|une\s+|votre\s+|la\s+)(?:annulation|résiliation)`;

const REPLACEMENT = r`(?:un|une|le|la|votre)\s+(?:(?:nouvel?|nouvelle)\s+[\p{L}-]+|remplacement|(?:produit|article|colis)\s+de\s+remplacement|(?:article|produit|colis|set|ensemble|valise|appareil)\s+(?:neuf|neuve|de\s+remplacement))`;
const ITEM = r`(?:(?:votre|le|la|vos|les)\s+|l['’])(?:article|produit|commande|colis|set|valise|appareil)s?`;

const CASE = r`(?:dossier|demande|ticket|requête|réclamation|message|problème|question|cas|plainte|signalement)`;
const THIS_CASE = r`(?:(?:votre|ce|cette|le|la)\s+${CASE})`;
const HIGHER = r`(?:à|au|aux|auprès\s+d[eu]|auprès\s+de\s+la)\s+(?:(?:notre|mon|ma|la|le)\s+|l['’])?(?:responsable|supérieur|manager|direction|niveau\s+supérieur|superviseur|service\s+supérieur)`;
/** A team or outside party; "à un collègue" is not one. */
const DEST = r`(?:à|au|aux)\s+(?:(?:notre|nos|la|le|les)\s+|l['’])?(?:(?:équipe|service|département|pôle|cellule)(?:\s+(?:des|du|de\s+la|de)\s+[\p{L}-]+|\s+d['’][\p{L}-]+)?|comptabilité|facturation|spécialistes|experts|hôtel|compagnie(?:\s+aérienne)?|entrepôt|transporteur|fournisseur|prestataire|direction)`;
const HANDOFF_OBJ = r`(?:${THIS_CASE}|(?:vos|les)\s+(?:informations|coordonnées|photos|documents|détails))`;

const PASSIVE: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    REFUND,
    r`(?:(?:approuvé|validé|effectué|initié|lancé|déclenché|traité|émis|accordé|demandé|autorisé|confirmé|enregistré|programmé)e?s?|en\s+cours)`,
  ],
  [
    "refund",
    r`(?:commandes?|montant|paiements?|achats?|réservations?|prélèvements?|doublon|somme|frais|différence)`,
    r`(?:remboursé|crédité|restitué)e?s?`,
  ],
  [
    "booking_change",
    BOOKING,
    r`(?:(?:modifié|changé|déplacé|décalé|reporté|avancé|prolongé|écourté)e?s?|mise?s?\s+à\s+jour)`,
  ],
  [
    "booking_change",
    r`(?:modification|changement|nouvelles\s+dates)`,
    r`(?:(?:effectué|validé|confirmé|enregistré|fait|appliqué|approuvé|demandé)e?s?|en\s+cours)`,
  ],
  ["cancellation", CANCELLABLE, r`(?:annulé|résilié|supprimé)e?s?`],
  [
    "cancellation",
    r`(?:annulation|résiliation)`,
    r`(?:(?:effectué|validé|confirmé|enregistré|traité|fait|demandé|approuvé)e?|en\s+cours)`,
  ],
  [
    "replacement",
    r`(?:remplacement|(?:nouvel?|nouvelle)\s+[\p{L}-]+|(?:colis|article|produit)\s+de\s+remplacement)`,
    r`(?:(?:envoyé|expédié|commandé|demandé|préparé)e?s?|en\s+route|en\s+chemin)`,
  ],
  ["escalation", CASE, r`(?:escaladée?|remontée?\s+${HIGHER})`],
  ["assignment", CASE, r`(?:attribué|assigné|affecté|confié)e?\s+(?:à|au)`],
  [
    "handoff",
    r`(?:${CASE}|informations|coordonnées|photos|documents)`,
    r`(?:transmis|transféré|redirigé|renvoyé|envoyé|réorienté)e?s?\s+${DEST}`,
  ],
];

const PASS_AUX = r`(?:(?:a|ont)\s+(?:bien\s+|déjà\s+)?été|est|sont|sera|seront|(?:vient|viennent)\s+d['’]être|est\s+en\s+cours\s+de)`;
const NP = (noun: string) =>
  r`${B}(?:(?:votre|vos|le|la|les|ce|cette|un|une)\s+|l['’])(?:[\p{L}\p{N}-]+\s+){0,2}?${noun}`;

export const fr: LanguagePack = {
  language: "fr",
  rules: [
    ...compose(
      {
        done: [DONE],
        will: [
          WILL,
          r`${B}(?:je\s+suis|nous\s+sommes|on\s+est)\s+en\s+train\s+de\s+${TO_YOU}?`,
          r`${B}(?:je\s+me\s+charge|nous\s+nous\s+chargeons)\s+de\s+${TO_YOU}?`,
          r`${alt(DONE, WILL)}(?:demandé|indiqué|chargé|demander|indiquer|charger)\s+${WHO}\s+d(?:e\s+|['’])${TO_YOU}?`,
        ],
        now: [r`${B}(?:je|nous|on)\s+${TO_YOU}?`],
        present: [r`${B}(?:je|nous|on)\s+(?:vous|lui|leur)\s+`],
      },
      {
        refund: {
          done: alt(
            r`remboursée?s?`,
            r`(?:approuvé|validé|effectué|initié|lancé|déclenché|traité|émis|accordé|demandé|autorisé|confirmé|enregistré|programmé|fait)\s+${ART}\s+${REFUND}`,
            r`procédé\s+au\s+remboursement`,
            r`crédité\s+(?:votre|le)\s+(?:compte|montant|carte)`,
          ),
          will: alt(
            r`rembourser`,
            r`(?:approuver|valider|effectuer|initier|lancer|déclencher|traiter|émettre|accorder|demander|autoriser|confirmer|enregistrer|programmer|faire)\s+${ART}\s+${REFUND}`,
            r`procéder\s+au\s+remboursement`,
          ),
          now: alt(
            r`(?:rembourserai|rembourserons|remboursera)`,
            r`(?:approuverai|approuverons|validerai|validerons|effectuerai|effectuerons|lancerai|lancerons|traiterai|traiterons|émettrai|émettrons|accorderai|accorderons|demanderai|demanderons|ferai|ferons|fera)\s+${ART}\s+${REFUND}`,
            r`(?:procéderai|procéderons|procède|procédons)\s+au\s+remboursement`,
          ),
          present: alt(
            r`(?:remboursons|rembourse)`,
            r`(?:envoyons|envoie|faisons|fais|accordons|accorde)\s+${ART}\s+${REFUND}`,
          ),
        },
        booking_change: {
          done: alt(
            r`(?:modifié|changé|déplacé|décalé|reporté|avancé|mis\s+à\s+jour|prolongé|écourté)\s+${NP_BOOKING}`,
            r`(?:effectué|validé|confirmé|enregistré|demandé|traité|fait|appliqué|approuvé)\s+${CHANGE}`,
            r`procédé\s+(?:à\s+la\s+modification|au\s+changement)`,
          ),
          will: alt(
            r`(?:modifier|changer|déplacer|décaler|reporter|avancer|mettre\s+à\s+jour|prolonger|écourter)\s+${NP_BOOKING}`,
            r`(?:effectuer|valider|confirmer|enregistrer|demander|traiter|faire|appliquer|approuver)\s+${CHANGE}`,
          ),
          now: alt(
            r`(?:modifierai|modifierons|modifiera|changerai|changerons|changera|déplacerai|déplacerons|décalerai|décalerons|reporterai|reporterons|avancerai|avancerons|mettrai\s+à\s+jour|mettrons\s+à\s+jour)\s+${NP_BOOKING}`,
            r`(?:effectuerai|effectuerons|validerai|validerons|confirmerai|confirmerons|enregistrerai|enregistrerons|ferai|ferons)\s+${CHANGE}`,
            r`(?:procède|procédons|procéderai|procéderons)\s+(?:à\s+la\s+modification|au\s+changement)`,
          ),
          present: r`(?:modifions|modifie|changeons|change|déplaçons|déplace|décalons|décale|reportons|reporte)\s+${NP_BOOKING}`,
        },
        cancellation: {
          done: alt(
            r`(?:annulé|résilié|supprimé)\s+${NP_CANCELLABLE}`,
            r`(?:effectué|validé|confirmé|enregistré|traité|demandé|fait|approuvé)\s+${CANCELLATION}`,
            r`procédé\s+à\s+l['’](?:annulation|résiliation)`,
          ),
          will: alt(
            r`(?:annuler|résilier|supprimer)\s+${NP_CANCELLABLE}`,
            r`(?:effectuer|valider|confirmer|enregistrer|traiter|demander|faire|approuver)\s+${CANCELLATION}`,
            r`procéder\s+à\s+l['’](?:annulation|résiliation)`,
          ),
          now: alt(
            r`(?:annulerai|annulerons|annulera|résilierai|résilierons|supprimerai|supprimerons)\s+${NP_CANCELLABLE}`,
            r`(?:effectuerai|effectuerons|confirmerai|confirmerons|traiterai|traiterons|ferai|ferons)\s+${CANCELLATION}`,
            r`(?:procède|procédons|procéderai|procéderons)\s+à\s+l['’](?:annulation|résiliation)`,
          ),
          present: r`(?:annulons|annule|résilions|résilie)\s+${NP_CANCELLABLE}`,
        },
        replacement: {
          done: alt(
            r`(?:envoyé|expédié|commandé|demandé|préparé|organisé|validé|approuvé|réexpédié)\s+${REPLACEMENT}`,
            r`(?:remplacé|échangé)\s+${ITEM}`,
            r`réexpédié\s+(?:votre|la)\s+(?:commande|colis)`,
          ),
          will: alt(
            r`(?:envoyer|expédier|commander|demander|préparer|organiser|valider|approuver|réexpédier)\s+${REPLACEMENT}`,
            r`(?:remplacer|échanger)\s+${ITEM}`,
            r`réexpédier\s+(?:votre|la)\s+(?:commande|colis)`,
          ),
          now: alt(
            r`(?:enverrai|enverrons|enverra|expédierai|expédierons|expédiera|commanderai|commanderons|préparerai|préparerons|réexpédierai|réexpédierons)\s+${REPLACEMENT}`,
            r`(?:remplacerai|remplacerons|échangerai|échangerons)\s+${ITEM}`,
          ),
          present: r`(?:envoyons|envoie|expédions|expédie|renvoyons|renvoie)\s+${REPLACEMENT}`,
        },
        escalation: {
          done: alt(
            r`escaladé(?:\s+${THIS_CASE})?`,
            r`(?:remonté|fait\s+remonter|transmis)\s+${THIS_CASE}\s+${HIGHER}`,
          ),
          will: alt(
            r`escalader(?:\s+${THIS_CASE})?`,
            r`(?:remonter|faire\s+remonter|transmettre)\s+${THIS_CASE}\s+${HIGHER}`,
          ),
          now: alt(
            r`(?:escaladerai|escaladerons)(?:\s+${THIS_CASE})?`,
            r`(?:remonterai|remonterons|ferai\s+remonter|ferons\s+remonter|transmettrai|transmettrons)\s+${THIS_CASE}\s+${HIGHER}`,
          ),
        },
        assignment: {
          done: r`(?:attribué|assigné|affecté|confié)\s+${THIS_CASE}\s+(?:à|au)`,
          will: r`(?:attribuer|assigner|affecter|confier)\s+${THIS_CASE}\s+(?:à|au)`,
          now: r`(?:attribuerai|attribuerons|assignerai|assignerons|affecterai|affecterons|confierai|confierons)\s+${THIS_CASE}\s+(?:à|au)`,
        },
        handoff: {
          done: r`(?:transmis|transféré|redirigé|renvoyé|réorienté|confié|envoyé|remis|communiqué|fait\s+suivre)\s+${HANDOFF_OBJ}\s+${DEST}`,
          will: r`(?:transmettre|transférer|rediriger|renvoyer|réorienter|confier|envoyer|remettre|communiquer|faire\s+suivre)\s+${HANDOFF_OBJ}\s+${DEST}`,
          now: r`(?:transmettrai|transmettrons|transférerai|transférerons|redirigerai|redirigerons|enverrai|enverrons|ferai\s+suivre|ferons\s+suivre)\s+${HANDOFF_OBJ}\s+${DEST}`,
          present: r`(?:transmets|transmettons|transfère|transférons)\s+${HANDOFF_OBJ}\s+${DEST}`,
        },
      },
    ),
    ...rules([
      ...PASSIVE.map(
        ([kind, noun, participle]) =>
          [
            kind,
            r`${NP(noun)}(?:\s+${WORD}){0,5}?\s+${PASS_AUX}(?:\s+(?:bien|déjà))?\s+${participle}`,
          ] as const,
      ),
      [
        "refund",
        r`${B}vous\s+(?:serez|avez\s+été|êtes|allez\s+être)\s+(?:intégralement\s+|entièrement\s+|bien\s+)?remboursée?s?`,
      ],
      [
        "refund",
        r`${B}vous\s+(?:recevrez|allez\s+recevoir|verrez|obtiendrez)\s+(?:le|un|votre)\s+${REFUND}`,
      ],
      ["replacement", r`${B}vous\s+(?:recevrez|allez\s+recevoir)\s+${REPLACEMENT}`],
    ]),
  ],
  hints: {
    refund: hint("rembours|avoir|crédit"),
    booking_change: hint(
      "réserv|date|séjour|vol|voyage|arrivée|départ|nuit|chambre|billet|itinéraire|rendez|modification|changement",
    ),
    cancellation: hint("annul|résili|supprim"),
    replacement: hint("nouv|remplac|neu|échang|réexpédi"),
    escalation: hint("escalad|remont|transmi|transmet"),
    assignment: hint("attribu|assign|affect|confi"),
    handoff: hint(
      "transmi|transmet|transf|redirig|renv|réorient|confi|envo|enverr|remis|remett|communiqu|suivre",
    ),
  },
  conditional: test(
    r`${B}(?:si|s['’]il|s['’]ils|au\s+cas\s+où|dans\s+le\s+cas\s+où|à\s+condition\s+que|à\s+moins\s+que|pour\s+peu\s+que|lorsque\s+vous\s+le\s+souhaitez)${E}`,
  ),
  negation: test(r`${B}(?:ne|n['’]|pas|jamais)(?:\s+(?:vous|lui|le|la|les|y|en)|\s*l['’])*\s*$`),
};
