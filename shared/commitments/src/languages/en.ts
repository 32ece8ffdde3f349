import type { CommitmentKind } from "@tandem/shared";
import { alt, B, compose, E, hint, type LanguagePack, rules, test, WORD } from "../pattern";

const r = String.raw;

const ADV = r`(?:\s+(?:already|just|now|also|personally|successfully|fully|promptly|immediately|today|officially|gladly|happily|then|manually|quickly|finally|(?:gone|went|go)\s+ahead\s+and))`;
const ADVS = `${ADV}{0,3}`;
const I = r`${B}(?:i|we)`;

const TEAMISH = r`(?:teams?|departments?|colleagues?|agents?|specialists?|managers?|supervisors?|partners?|hotel|airline|warehouse|courier|carrier|finance|billing|accounts|staff|desk|office|provider|supplier|operator|host|experts?)`;
const WHO = r`(?:our|the|a|my|one\s+of\s+our)(?:\s+[\p{L}\p{N}-]+){0,3}?\s+${TEAMISH}`;
const THIRD = r`${B}(?:our|the)(?:\s+[\p{L}\p{N}-]+){0,3}?\s+${TEAMISH}`;

const DONE = r`${I}(?:'ve|’ve|\s+have|\s+had)?${ADVS}\s+`;
const WILL = alt(
  r`${I}(?:'ll|’ll|\s+will|\s+shall|(?:'m|’m|\s+am|'re|’re|\s+are)\s+(?:going|about|happy|glad|pleased)\s+to)${ADVS}\s+`,
  r`${B}let\s+me${ADVS}\s+`,
);
/** "I have cancelled your booking and refunded the deposit": one subject, several verbs. */
const AND = r`(?:\s+(?!(?:not|never|if|whether)${E})${WORD}){1,12}?\s+and${ADVS}\s+`;
const DOING = r`${I}(?:'m|’m|\s+am|'re|’re|\s+are)${ADVS}\s+(?:in\s+the\s+process\s+of\s+)?`;

/** Amounts and adjectives that may stand between an article and the noun. */
const MOD = r`(?:\s+(?:full|partial|complete|total|whole|entire|additional|extra|requested|agreed|[€$£]?\d[\d.,]*(?:\s*(?:%|eur|usd|gbp|euros?|dollars?|pounds?))?|eur|usd|gbp))`;
const A = r`(?:a|an|the|your)${MOD}{0,3}`;
const REFUND = r`(?:refunds?|reimbursements?)(?!\s+(?:policy|policies|forms?|request\s+forms?|terms|conditions|rules|process|procedure|status|options?|eligibility|window|period|deadline|limit))`;

const BOOKING = r`(?:bookings?|reservations?|dates?|stay|flights?|trip|itinerary|check-?in(?:\s+dates?)?|check-?out(?:\s+dates?)?|arrival(?:\s+date)?|departure(?:\s+date)?|room|holiday|vacation|tour|cruise|rental|appointment)`;
const NP_BOOKING = r`(?:your|the|this|these|both|all)(?:\s+[\p{L}\p{N}-]+){0,3}?\s+${BOOKING}`;
const CHANGE = alt(
  r`(?:date|booking|reservation|itinerary|flight|room)\s+changes?`,
  r`changes?\s+(?:to|of|on|for)\s+${NP_BOOKING}`,
  r`new\s+dates?`,
  r`dates?\s+you\s+(?:requested|asked\s+for|wanted)`,
  r`rebooking`,
);

const CANCELLABLE = r`(?:orders?|bookings?|reservations?|subscriptions?|account|plan|membership|trip|flights?|stay|contract|renewal|appointment|tour|excursion|purchase|transfer|insurance)`;
const NP_CANCELLABLE = r`(?:your|the|this|these|both|all)(?:\s+[\p{L}\p{N}-]+){0,3}?\s+${CANCELLABLE}`;
const CANCELLATION = r`cancell?ations?(?!\s+(?:policy|policies|fees?|terms|conditions|rules|window|period|deadline|forms?|options?|charges?|costs?))`;

const REPLACEMENT = r`(?:replacements?|substitutes?|new\s+(?:one|ones|items?|set|unit|pair|copy|parcel|package|product|device|card|suitcase|(?:travel\s+)?documents?|part))(?!\s+(?:policy|policies|terms|options?|forms?))`;
const A_REPLACEMENT = r`(?:a|an|the|your)(?:\s+(?:free|brand-new|brand\s+new|complimentary|full))*\s+${REPLACEMENT}`;

const CASE = r`(?:tickets?|cases?|requests?|issues?|complaints?|matters?|quer(?:y|ies)|questions?|concerns?|problems?|enquir(?:y|ies)|inquir(?:y|ies)|messages?|claims?|reports?|feedback)`;
const THIS_CASE = r`(?:this|it|that|(?:your|the)\s+(?:[\p{L}-]+\s+)?${CASE})`;
const HIGHER = r`(?:our|the|a|my)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+(?:teams?|managers?|supervisors?|management|leads?|specialists?|departments?|experts?|second[-\s]line|tier\s*\d|level\s*\d)`;
const PERSON = r`(?:a|an|our|one\s+of\s+our)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+(?:specialist|agent|expert|colleague|manager|advisor|adviser|technician|engineer|representative|team\s+member|case\s+(?:manager|owner|handler))`;
/** A team or outside party a request is handed to; "a colleague" is not one (see below). */
const DEST = r`(?:our|the)(?:\s+[\p{L}\p{N}&-]+){0,3}?\s+(?:teams?|departments?|specialists|experts|desk|unit|group|billing|finance|accounts|management|supervisors?|managers?|partners?|back[-\s]office|office|hotel|airline|warehouse|carrier|courier|supplier|provider|operator|property|host)`;
const HANDED = r`(?:\s+(?:on|over|along))?\s+to\s+${DEST}`;
const HANDOFF_OBJ = r`(?:${THIS_CASE}|(?:your|the|all\s+the)\s+(?:[\p{L}-]+\s+)?(?:details|information|documents|photos?|receipts?))`;

/**
 * "Has been approved", "will be changed", "is on its way": the passive forms, with the nouns
 * they must apply to (a refund, a booking…) — "refunds are processed in 5 days" (no article) is
 * a policy, "your refund has been processed" is a statement.
 */
const PASSIVE: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    REFUND,
    r`(?:approved|issued|processed|initiated|authori[sz]ed|arranged|requested|submitted|triggered|sent|granted|confirmed|completed|actioned|logged|released|on\s+(?:its|the)\s+way|underway|under\s+way|in\s+progress)`,
  ],
  [
    "refund",
    r`(?:orders?|payments?|amount|money|charges?|purchases?|difference|deposit|balance|fees?|costs?|bookings?|reservations?|transaction|items?)`,
    r`(?:refunded|reimbursed|credited(?:\s+back)?|reversed|paid\s+back)`,
  ],
  [
    "booking_change",
    BOOKING,
    r`(?:changed|moved|updated|modified|amended|rescheduled|rebooked|shifted|switched|extended|shortened|adjusted|postponed|brought\s+forward|pushed\s+back)`,
  ],
  [
    "booking_change",
    CHANGE,
    r`(?:made|applied|processed|confirmed|approved|requested|submitted|done|completed|arranged|actioned|in\s+progress|underway|under\s+way|on\s+its\s+way)`,
  ],
  ["cancellation", CANCELLABLE, r`(?:cancell?ed|terminated|voided|annulled|called\s+off|closed)`],
  [
    "cancellation",
    CANCELLATION,
    r`(?:processed|confirmed|approved|requested|submitted|done|completed|arranged|actioned|in\s+progress|underway)`,
  ],
  [
    "replacement",
    REPLACEMENT,
    r`(?:sent|shipped|dispatched|ordered|posted|arranged|requested|issued|mailed|approved|processed|organi[sz]ed|booked|prepared|on\s+(?:its|the)\s+way|in\s+the\s+post|underway)`,
  ],
  [
    "replacement",
    r`(?:orders?|items?|products?|parcels?|packages?|sets?|units?|devices?|documents?)`,
    r`(?:replaced|reshipped|re-shipped|resent|re-sent|exchanged)`,
  ],
  ["escalation", CASE, r`(?:escalated|(?:raised|flagged)\s+(?:with|to)\s+${HIGHER})`],
  ["assignment", CASE, r`(?:assigned|reassigned|allocated)\s+to`],
  [
    "handoff",
    r`(?:${CASE}|details|information|documents|photos?|receipts?)`,
    r`(?:forwarded|transferred|passed(?:\s+on)?|handed(?:\s+over)?|referred|routed|sent|moved)${HANDED}`,
  ],
];

const PASS_AUX = r`(?:(?:has|have|had)(?:\s+(?:now|already|just|also))?\s+been|was|were|(?:is|are)(?:\s+(?:now|already|also))?(?:\s+being)?|will(?:\s+(?:now|then|also))?\s+be|(?:'s|’s)\s+(?:now\s+|already\s+)?been|(?:'ll|’ll)\s+be)`;
const DET = r`${B}(?:your|the|this|that|these|a|an)`;
const NP = (noun: string) => r`${DET}(?:\s+[\p{L}\p{N}€$£%-]+){0,3}?\s+${noun}`;

const passiveRules = PASSIVE.flatMap(
  ([kind, noun, participle]) =>
    [
      [kind, r`${NP(noun)}(?:\s+${WORD}){0,5}?\s+${PASS_AUX}${ADVS}\s+${participle}`],
      // "I have asked for your booking to be moved"
      [
        kind,
        r`${alt(DONE, WILL)}(?:asked|arranged|requested|ask|arrange|request)\s+for\s+${NP(noun)}\s+to\s+be${ADVS}\s+${participle}`,
      ],
    ] as const,
);

export const en: LanguagePack = {
  language: "en",
  rules: [
    ...compose(
      {
        done: [
          DONE,
          r`${THIRD}\s+(?:has|have)${ADVS}\s+`,
          r`${I}(?:'ve|’ve|\s+have|\s+had)?${AND}`,
        ],
        will: [
          WILL,
          r`${I}(?:'ll|’ll|\s+will|\s+shall)${AND}`,
          r`${alt(DONE)}(?:asked|instructed|requested|told|arranged\s+for|got)\s+${WHO}\s+to${ADVS}\s+`,
          r`${alt(WILL)}(?:ask|instruct|request|tell|arrange\s+for|get|have)\s+${WHO}\s+to${ADVS}\s+`,
          r`${THIRD}(?:'ll|’ll|\s+will|\s+(?:is|are)\s+going\s+to)${ADVS}\s+`,
        ],
        doing: [DOING, r`${THIRD}\s+(?:is|are)${ADVS}\s+`],
      },
      {
        refund: {
          done: alt(
            r`refunded`,
            r`reimbursed`,
            r`credited\s+(?:back|you|your)`,
            r`paid\s+(?:you\s+)?back`,
            r`(?:approved|issued|processed|initiated|authori[sz]ed|arranged|requested|submitted|triggered|started|booked|put\s+through|sent|raised|granted|confirmed|logged|completed|actioned|released)\s+(?:you\s+)?${A}\s+${REFUND}`,
          ),
          will: alt(
            r`refund`,
            r`reimburse`,
            r`credit\s+(?:back|you|your)`,
            r`pay\s+(?:you\s+)?back`,
            r`(?:approve|issue|process|initiate|authori[sz]e|arrange|request|submit|trigger|start|book|put\s+through|send|raise|grant|confirm|log|complete|action|release)\s+(?:you\s+)?${A}\s+${REFUND}`,
          ),
          doing: alt(
            r`refunding`,
            r`reimbursing`,
            r`crediting\s+(?:back|you|your)`,
            r`paying\s+(?:you\s+)?back`,
            r`(?:approving|issuing|processing|initiating|authori[sz]ing|arranging|requesting|submitting|triggering|starting|booking|putting\s+through|sending|raising|granting|confirming|logging|completing|actioning|releasing)\s+(?:you\s+)?${A}\s+${REFUND}`,
          ),
        },
        booking_change: {
          done: alt(
            r`(?:changed|moved|updated|modified|amended|rescheduled|rebooked|shifted|switched|extended|shortened|adjusted|postponed|brought\s+forward|pushed\s+back)\s+${NP_BOOKING}`,
            r`(?:rebooked|rescheduled)\s+(?:you|it)`,
            r`(?:made|applied|processed|confirmed|approved|requested|submitted|arranged|booked|completed|actioned|put\s+through)\s+(?:the|your|this|a|these)\s+${CHANGE}`,
          ),
          will: alt(
            r`(?:change|move|update|modify|amend|reschedule|rebook|shift|switch|extend|shorten|adjust|postpone|bring\s+forward|push\s+back)\s+${NP_BOOKING}`,
            r`(?:rebook|reschedule)\s+(?:you|it)`,
            r`(?:make|apply|process|confirm|approve|request|submit|arrange|book|complete|action|put\s+through)\s+(?:the|your|this|a|these)\s+${CHANGE}`,
          ),
          doing: alt(
            r`(?:changing|moving|updating|modifying|amending|rescheduling|rebooking|shifting|switching|extending|shortening|adjusting|postponing|bringing\s+forward|pushing\s+back)\s+${NP_BOOKING}`,
            r`(?:rebooking|rescheduling)\s+(?:you|it)`,
            r`(?:making|applying|processing|confirming|approving|requesting|submitting|arranging|booking|completing|actioning|putting\s+through)\s+(?:the|your|this|a|these)\s+${CHANGE}`,
          ),
        },
        cancellation: {
          done: alt(
            r`(?:cancell?ed|terminated|voided|annulled|called\s+off|closed)\s+${NP_CANCELLABLE}`,
            r`(?:processed|confirmed|approved|requested|submitted|arranged|completed|actioned|put\s+through|logged|booked)\s+(?:the|your|this|a)\s+${CANCELLATION}`,
            r`cancell?ed\s+(?:it|them)\s+for\s+you`,
          ),
          will: alt(
            r`(?:cancel|terminate|void|annul|call\s+off|close)\s+${NP_CANCELLABLE}`,
            r`(?:process|confirm|approve|request|submit|arrange|complete|action|put\s+through|log|book)\s+(?:the|your|this|a)\s+${CANCELLATION}`,
            r`cancel\s+(?:it|them)\s+for\s+you`,
          ),
          doing: alt(
            r`(?:cancell?ing|terminating|voiding|annulling|calling\s+off|closing)\s+${NP_CANCELLABLE}`,
            r`(?:processing|confirming|approving|requesting|submitting|arranging|completing|actioning|putting\s+through|logging|booking)\s+(?:the|your|this|a)\s+${CANCELLATION}`,
          ),
        },
        replacement: {
          done: alt(
            r`(?:sent|shipped|dispatched|ordered|posted|arranged|requested|issued|mailed|organi[sz]ed|booked|approved|processed|put\s+in|couriered|prepared)\s+(?:you\s+|out\s+)?${A_REPLACEMENT}`,
            r`(?:replaced|reshipped|re-shipped|resent|re-sent|exchanged)\s+(?:your|the|it|them|this|these)`,
          ),
          will: alt(
            r`(?:send|ship|dispatch|order|post|arrange|request|issue|mail|organi[sz]e|book|approve|process|put\s+in|courier|prepare)\s+(?:you\s+|out\s+)?${A_REPLACEMENT}`,
            r`(?:replace|reship|re-ship|resend|re-send|exchange)\s+(?:your|the|it|them|this|these)`,
          ),
          doing: alt(
            r`(?:sending|shipping|dispatching|ordering|posting|arranging|requesting|issuing|mailing|organi[sz]ing|booking|approving|processing|putting\s+in|couriering|preparing)\s+(?:you\s+|out\s+)?${A_REPLACEMENT}`,
            r`(?:replacing|reshipping|re-shipping|resending|re-sending|exchanging)\s+(?:your|the|it|them|this|these)`,
          ),
        },
        escalation: {
          done: alt(
            r`escalated(?:\s+${THIS_CASE})?`,
            r`(?:raised|flagged)\s+${THIS_CASE}\s+(?:with|to)\s+${HIGHER}`,
          ),
          will: alt(
            r`escalate(?:\s+${THIS_CASE})?`,
            r`(?:raise|flag)\s+${THIS_CASE}\s+(?:with|to)\s+${HIGHER}`,
          ),
          doing: alt(
            r`escalating(?:\s+${THIS_CASE})?`,
            r`(?:raising|flagging)\s+${THIS_CASE}\s+(?:with|to)\s+${HIGHER}`,
          ),
        },
        assignment: {
          done: alt(
            r`(?:assigned|reassigned|allocated)\s+${THIS_CASE}\s+to`,
            r`(?:assigned|allocated)\s+${PERSON}\s+to\s+(?:your|this|the)`,
            r`taken\s+over\s+${THIS_CASE}`,
          ),
          will: alt(
            r`(?:assign|reassign|allocate)\s+${THIS_CASE}\s+to`,
            r`(?:assign|allocate)\s+${PERSON}\s+to\s+(?:your|this|the)`,
          ),
          doing: alt(
            r`(?:assigning|reassigning|allocating)\s+${THIS_CASE}\s+to`,
            r`(?:assigning|allocating)\s+${PERSON}\s+to\s+(?:your|this|the)`,
          ),
        },
        handoff: {
          done: alt(
            r`(?:forwarded|transferred|passed(?:\s+on)?|handed(?:\s+over)?|referred|routed|sent|moved)\s+${HANDOFF_OBJ}${HANDED}`,
            r`(?:looped|brought)\s+in\s+${DEST}`,
            r`involved\s+${DEST}`,
          ),
          will: alt(
            r`(?:forward|transfer|pass(?:\s+on)?|hand(?:\s+over)?|refer|route|send|move)\s+${HANDOFF_OBJ}${HANDED}`,
            r`(?:loop|bring)\s+in\s+${DEST}`,
            r`involve\s+${DEST}`,
          ),
          doing: alt(
            r`(?:forwarding|transferring|passing(?:\s+on)?|handing(?:\s+over)?|referring|routing|sending|moving)\s+${HANDOFF_OBJ}${HANDED}`,
            r`(?:looping|bringing)\s+in\s+${DEST}`,
          ),
        },
      },
    ),
    ...rules([
      ...passiveRules,
      [
        "refund",
        r`${B}you(?:'ve|’ve|\s+have)(?:\s+(?:now|already|just))?\s+been(?:\s+(?:fully|partially))?\s+(?:refunded|reimbursed|credited)`,
      ],
      [
        "refund",
        r`${B}you(?:'ll|’ll|\s+will)(?:\s+(?:now|then|also))?\s+be(?:\s+(?:fully|partially))?\s+(?:refunded|reimbursed|credited)`,
      ],
      [
        "refund",
        r`${B}you(?:'ll|’ll|\s+will|\s+should|\s+are\s+going\s+to|\s+can\s+expect\s+to)(?:\s+(?:now|then|also|soon|shortly))?\s+(?:receive|get|see|be\s+(?:receiving|getting|seeing))\s+${A}\s+${REFUND}`,
      ],
      [
        "refund",
        r`${B}you(?:'ll|’ll|\s+will|\s+should)(?:\s+(?:now|then|also|soon|shortly))?\s+(?:get|have|receive)\s+(?:all\s+)?your\s+money\s+back`,
      ],
      [
        "refund",
        r`${DET}${MOD}{0,3}\s+${REFUND}\s+(?:will|should)\s+(?:reach|appear|arrive|show|land|be\s+(?:on|in|with|back|credited))`,
      ],
      [
        "replacement",
        r`${B}you(?:'ll|’ll|\s+will|\s+should|\s+are\s+going\s+to|\s+can\s+expect\s+to)(?:\s+(?:now|then|also|soon|shortly))?\s+(?:receive|get|be\s+(?:receiving|getting))\s+${A_REPLACEMENT}`,
      ],
      // "Your booking now runs from 10 to 17 March", "Your new check-in date is 10 March".
      [
        "booking_change",
        r`${NP(BOOKING)}(?:\s+${WORD}){0,3}?\s+(?:now\s+runs|is\s+now\s+(?:for|from|on|booked)|now\s+starts)`,
      ],
      [
        "booking_change",
        r`${B}your\s+new\s+(?:dates?|check-?in(?:\s+date)?|check-?out(?:\s+date)?|arrival\s+date)\s+(?:is|are)`,
      ],
      // Headlines without a verb: "Good news: refund approved!", "Order cancelled."
      [
        "refund",
        r`(?:^|[:;–—]\s*|good\s+news[,!]?\s+)(?:(?:a|your|the)\s+)?(?:full\s+|partial\s+)?refund\s+(?:approved|issued|processed|initiated|sent|granted|confirmed|completed)`,
      ],
      [
        "cancellation",
        r`(?:^|[:;–—]\s*|good\s+news[,!]?\s+)(?:(?:your|the)\s+)?${CANCELLABLE}\s+(?:cancell?ed|terminated)`,
      ],
      [
        "booking_change",
        r`(?:^|[:;–—]\s*|good\s+news[,!]?\s+)(?:(?:your|the)\s+)?${BOOKING}\s+(?:changed|moved|updated|rebooked|rescheduled)`,
      ],
      ["escalation", r`${B}(?:this|it|that)\s+${PASS_AUX}${ADVS}\s+escalated`],
      [
        "handoff",
        r`${B}(?:this|it|that)\s+${PASS_AUX}${ADVS}\s+(?:forwarded|transferred|passed(?:\s+on)?|handed(?:\s+over)?|referred|routed|sent)${HANDED}`,
      ],
      [
        "assignment",
        r`${THIRD}(?:'ll|’ll|\s+will|\s+(?:is|are)\s+going\s+to)${ADVS}\s+(?:take\s+over|look\s+after|handle|own|manage)\s+${THIS_CASE}`,
      ],
    ]),
  ],
  hints: {
    refund: hint(
      String.raw`refund|reimburs|credit|(?:paid|pay|paying)\s+(?:you\s+)?back|money\s+back|revers`,
    ),
    booking_change: hint(
      "chang|mov|updat|modif|amend|resched|rebook|shift|switch|extend|shorten|adjust|postpon|brought|bring|push|made|mak|appl|process|confirm|approv|request|submit|arrang|book(?!ing)|complet|action|put|now|new\\s+(?:dates?|check|arrival)",
    ),
    cancellation: hint(
      String.raw`cancel|terminat|void|annul|call(?:ed|ing)?\s+off|clos(?:e|ed|ing)\s+(?:your|the|this|these|both|all)`,
    ),
    replacement: hint(
      String.raw`replac|substitut|new\s+(?:one|item|set|unit|pair|copy|parcel|package|product|device|card|suitcase|travel|document|part)|reship|re-ship|resen|re-sen|exchang`,
    ),
    escalation: hint("escalat|rais|flag"),
    assignment: hint(
      String.raw`assign|allocat|(?:take|taken|took)\s+over|look\s+after|handle|manage|own\s+(?:your|this|the)`,
    ),
    handoff: hint(
      String.raw`(?:forward|transfer|pass|hand|refer|rout|sent|send|mov)[\s\S]*\sto\s+(?:our|the)\s|loop|(?:brought|bring|bringing)\s+in|involv`,
    ),
  },
  conditional: test(
    r`${B}(?:if|whether|unless|in\s+case|provided(?:\s+that)?|as\s+long\s+as|should\s+you|were\s+you|assuming)${E}`,
  ),
  negation: test(
    r`${B}(?:not|never|cannot|can't|can’t|won't|won’t|don't|don’t|unable\s+to|no\s+longer)(?:\s+${WORD}){0,4}\s*$`,
  ),
};
