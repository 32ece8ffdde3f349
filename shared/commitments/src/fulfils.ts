import type { CommitmentKind } from "@tandem/shared";

/** An action as far as backing a promise goes: a draft's proposed action or a catalog entry. */
export interface CommitmentAction {
  type: string;
  kind: "field" | "business";
  title?: string | null;
  /** The policy's explicit answer (`BusinessAction.fulfils`); wins over the name heuristic. */
  fulfils?: readonly CommitmentKind[] | null;
}

/** Putting the ticket in a group's or an agent's hands is what escalating or handing it over does. */
const BUILT_IN: Record<string, readonly CommitmentKind[]> = {
  assign_group: ["escalation", "assignment", "handoff"],
  assign_agent: ["escalation", "assignment", "handoff"],
};

const CHANGE_WORD =
  /(?:^|[^a-z])(?:change|modify|move|update|amend|edit|shift|extend|alter|adjust|cambiar|cambio|modific|modifi|änder|aender|wijzig|verzet|sposta)/;
const BOOKING_WORD =
  /booking|reservation|(?:^|[^a-z])(?:dates?|stay|trip)(?:[^a-z]|$)|flight|itinerar|check_?in|check_?out|reserva|réservation|buchung|boeking|reservering|prenotazion|fecha|datum|termin/;

/**
 * What a business action does, guessed from its type and title when the policy does not say
 * (`refund_order`, `change_booking_dates`, `cancel_subscription`, `send_replacement`…).
 */
const HEURISTICS: Array<[CommitmentKind, (name: string) => boolean]> = [
  [
    "refund",
    (n) =>
      /refund|reimburs|reembols|rembours|erstatt|rimbors|terugbeta|estorn|chargeback|返金/.test(n),
  ],
  [
    "booking_change",
    (n) =>
      /rebook|reschedul|umbuch|omboek|remarc|reprogram/.test(n) ||
      (CHANGE_WORD.test(n) && BOOKING_WORD.test(n)),
  ],
  [
    "cancellation",
    (n) => /cancel|annul|storn|anula|void_|terminat|opzeg|kündig|kuendig|キャンセル/.test(n),
  ],
  [
    "replacement",
    (n) =>
      /replac|reship|resend|re_send|exchange|substitut|ersatz|reemplaz|remplac|sostitu|vervang|swap/.test(
        n,
      ),
  ],
  ["escalation", (n) => /escalat|eskalier/.test(n)],
  ["assignment", (n) => /(?:^|[^a-z])(?:re)?assign|asignar|zuweis/.test(n)],
  [
    "handoff",
    (n) =>
      /hand_?off|hand_?over|forward|route_to|transfer_(?:ticket|case|conversation|chat|to)/.test(n),
  ],
];

/** The kinds of promise an action backs. */
export function commitmentKindsOf(action: CommitmentAction): CommitmentKind[] {
  const builtIn = BUILT_IN[action.type];
  if (action.kind === "field") return builtIn ? [...builtIn] : [];
  if (action.fulfils) return [...action.fulfils];
  const name = `${action.type} ${action.title ?? ""}`.toLowerCase();
  return HEURISTICS.filter(([, matches]) => matches(name)).map(([kind]) => kind);
}

/**
 * Whether approving `action` does what a sentence of kind `kind` promises: a business action by
 * its policy's `fulfils` (or, when the policy does not say, by its type and title: `refund_*`,
 * `change_booking_*`/`rebook*`, `cancel_*`, `replace*`/`reship*`, `escalate*`…); field actions
 * only for escalation, assignment and handoff (`assign_group`, `assign_agent`).
 */
export function actionFulfils(kind: CommitmentKind, action: CommitmentAction): boolean {
  return commitmentKindsOf(action).includes(kind);
}
