/**
 * Test doubles for the sidebar core, shared by the unit tests here and both apps' component
 * tests: a scriptable fake host, a scriptable fake API and realistic fixtures.
 */
import type {
  AddDraftActionRequest,
  ApprovalRequest,
  CommitmentKind,
  Decision,
  DecisionRequestInput,
  Draft,
  DraftRequestInput,
  Execution,
  ParamField,
  ProposedAction,
  TicketContext,
} from "@tandem/shared";
import { type TandemApi, TandemApiError } from "../src/api";
import type {
  HostAction,
  HostActionResult,
  HostClient,
  HostUser,
  NotifyKind,
  Timers,
} from "../src/host";

export function sampleTicket(overrides: Partial<TicketContext> = {}): TicketContext {
  return {
    platform: "zendesk",
    id: "4242",
    subject: "Reembolso del pedido ORD-550871",
    status: "open",
    priority: "normal",
    type: "question",
    tags: ["vip"],
    requester: { id: "900", name: "Marta García", email: "marta@example.com", locale: "es" },
    messages: [
      {
        id: "m1",
        author: "customer",
        public: true,
        body: "Hola, quiero un reembolso del pedido ORD-550871, llegó roto.",
        createdAt: "2025-01-10T09:00:00.000Z",
      },
    ],
    ...overrides,
  };
}

/** The params of the sample `refund_order` policy action, as the server describes them. */
export const REFUND_FIELDS: ParamField[] = [
  { name: "orderId", label: "Order id", type: "string", required: true },
  { name: "amount", label: "Amount", type: "number", required: true, minimum: 0, maximum: 500 },
  { name: "currency", label: "Currency", type: "string", enum: ["EUR", "USD"], required: true },
  { name: "note", label: "Note to the customer", type: "string", required: false },
];

/** The params of the sample `change_booking_dates` policy action. */
export const BOOKING_FIELDS: ParamField[] = [
  { name: "bookingId", label: "Booking id", type: "string", required: true },
  { name: "checkIn", label: "Check in", type: "string", format: "date", required: true },
  { name: "checkOut", label: "Check out", type: "string", format: "date", required: true },
  { name: "guests", label: "Guests", type: "integer", required: false, minimum: 1 },
  { name: "breakfast", label: "Breakfast", type: "boolean", required: false },
];

export const sampleActions: ProposedAction[] = [
  {
    id: "a-status",
    type: "set_status",
    kind: "field",
    params: { status: "pending" },
    rationale: "Waiting for the refund to go through.",
    risk: "low",
    approval: "auto",
    targetParams: [],
    addedBy: "drafter",
    fulfils: [],
    paramFields: [],
  },
  {
    id: "a-tags",
    type: "add_tags",
    kind: "field",
    params: { tags: ["refund"] },
    rationale: "Refund requests are tagged.",
    risk: "low",
    approval: "auto",
    targetParams: [],
    addedBy: "drafter",
    fulfils: [],
    paramFields: [],
  },
  {
    id: "a-priority",
    type: "set_priority",
    kind: "field",
    params: { priority: "high" },
    rationale: "Damaged goods.",
    risk: "low",
    approval: "required",
    targetParams: [],
    addedBy: "drafter",
    fulfils: [],
    paramFields: [],
  },
  {
    id: "a-refund",
    type: "refund_order",
    kind: "business",
    title: "Refund order",
    params: { orderId: "ORD-550871", amount: 89, currency: "EUR" },
    rationale: "Policy allows refunds within 30 days.",
    risk: "high",
    approval: "required",
    targetParams: ["orderId"],
    addedBy: "drafter",
    fulfils: ["refund"],
    paramFields: REFUND_FIELDS,
  },
];

export function sampleDraft(overrides: Partial<Draft> = {}): Draft {
  return {
    id: "7b0a4c52-2f35-4e63-9d43-3f1c8f3b9a10",
    ticketId: "4242",
    ticketRevision: "rev-1",
    mode: "model",
    model: "gpt-4o-mini",
    reply: {
      body: "Hola Marta, siento mucho las molestias. Hemos iniciado el reembolso de ORD-550871.",
      language: "es",
    },
    summary: "Customer wants a refund for a damaged order.",
    triage: {
      intent: "refund_request",
      sentiment: "negative",
      urgency: "high",
      language: "es",
      confidence: 0.82,
    },
    rationale: ["Customer asks for a refund of ORD-550871; policy allows refunds within 30 days."],
    citations: [
      {
        kind: "article",
        id: "kb-1",
        title: "Refund policy (ES)",
        url: "https://help.example.com/refunds",
        internal: false,
      },
      { kind: "macro", id: "mac-1", title: "Refund macro", internal: false },
      { kind: "article", id: "kb-2", title: "Exceptions", internal: true },
    ],
    actions: sampleActions,
    latencyMs: 800,
    commitments: [],
    needsReply: true,
    decision: null,
    backableKinds: ["refund", "booking_change", "escalation", "assignment", "handoff"],
    createdAt: "2025-01-10T09:00:01.000Z",
    ...overrides,
  };
}

export function sampleDecision(
  draft: Draft,
  request: DecisionRequestInput,
  overrides: Partial<Decision> = {},
): Decision {
  return {
    id: "d-1",
    draftId: draft.id,
    ticketId: draft.ticketId,
    ticketRevision: draft.ticketRevision,
    ...(request.seenTicketRevision ? { seenTicketRevision: request.seenTicketRevision } : {}),
    agent: request.agent,
    agentIdentity: "asserted",
    acknowledgedCommitments: request.acknowledgeCommitments ?? false,
    reply: {
      outcome: request.reply.outcome,
      ...(request.reply.body !== undefined ? { body: request.reply.body } : {}),
      ...(request.reply.reason ? { reason: request.reply.reason } : {}),
    },
    actions: (request.actions ?? []).map((decided) => {
      const action = draft.actions.find((candidate) => candidate.id === decided.id);
      return {
        id: decided.id,
        type: action?.type ?? "set_status",
        outcome: decided.outcome,
        params: decided.params ?? action?.params ?? {},
        paramsEdited: decided.params !== undefined,
      };
    }),
    executions: [],
    createdAt: "2025-01-10T09:01:00.000Z",
    ...overrides,
  };
}

export function sampleApproval(overrides: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: "ap-1",
    ticketId: "4242",
    status: "pending",
    action: {
      type: "change_booking_dates",
      title: "Change booking dates",
      params: { bookingId: "BK-7", checkIn: "2025-02-03" },
      risk: "medium",
      targetParams: ["bookingId"],
    },
    before: { bookingId: "BK-7", checkIn: "2025-02-01" },
    summary: "Guest asked the bot to move the stay by two days.",
    requestedBy: { id: "trip-bot", name: "Trip bot", kind: "bot" },
    expiresAt: "2025-01-10T10:00:00.000Z",
    createdAt: "2025-01-10T09:00:00.000Z",
    ...overrides,
  };
}

export function sampleExecution(overrides: Partial<Execution> = {}): Execution {
  return {
    id: "0d5a3c1e-7b2f-4e8a-9c6d-1f2e3a4b5c6d",
    actionId: "a-refund",
    type: "refund_order",
    status: "pending",
    attempts: 0,
    updatedAt: "2025-01-10T09:01:00.000Z",
    ...overrides,
  };
}

/** The action the server would add to back a promise of `kind` (as the fake API answers). */
export function sampleAddedAction(kind: CommitmentKind): ProposedAction {
  const base = {
    id: `added-${kind}`,
    kind: "business" as const,
    rationale: "Added by the agent to back the reply.",
    risk: "high" as const,
    approval: "required" as const,
    addedBy: "agent" as const,
  };
  switch (kind) {
    case "refund":
      return {
        ...base,
        type: "refund_order",
        title: "Refund order",
        params: { orderId: "ORD-550871", amount: 89, currency: "EUR" },
        targetParams: ["orderId"],
        fulfils: ["refund"],
        paramFields: REFUND_FIELDS,
      };
    case "booking_change":
      // As the server adds it: the booking the ticket names, the dates left for the agent.
      return {
        ...base,
        type: "change_booking_dates",
        title: "Change booking dates",
        params: { bookingId: "BK-2210" },
        targetParams: ["bookingId"],
        fulfils: ["booking_change"],
        paramFields: BOOKING_FIELDS,
      };
    default:
      return {
        ...base,
        type: kind,
        params: {},
        targetParams: [],
        fulfils: [kind],
        paramFields: [],
      };
  }
}

type Listener<T> = (value: T) => void;

export interface FakeHost extends HostClient {
  ticket: TicketContext;
  user: HostUser;
  inserted: string[];
  applied: HostAction[][];
  notifications: Array<{ message: string; kind: NotifyKind | undefined }>;
  heights: number[];
  /** Action ids (or `"reply"`) the host fails on. */
  failOn: Set<string>;
  /** Action ids the host only sets in the ticket form (`staged`), saved when the agent submits. */
  stageOn: Set<string>;
  /** What `lastTicketPartial()` answers (the conversation could not be read). */
  partial: boolean;
  fireTicketChanged(fields?: string[]): void;
  fireReplySent(text: string): void;
  fireVisibility(visible: boolean): void;
  /** The agent saved the ticket (submit / update): staged field changes are saved now. */
  fireTicketSaved(actionIds?: string[]): void;
  /** Adds a customer message to the ticket (as a webhook-announced reply would). */
  addCustomerMessage(body: string): void;
}

export function createFakeHost(overrides: { ticket?: TicketContext; user?: HostUser } = {}) {
  const changed = new Set<Listener<{ fields: string[] }>>();
  const sent = new Set<Listener<string>>();
  const visibility = new Set<Listener<boolean>>();
  const saved = new Set<(actionIds?: string[]) => void>();
  const host: FakeHost = {
    ticket: overrides.ticket ?? sampleTicket(),
    user: overrides.user ?? { id: "77", name: "Ana Agent", locale: "en-US" },
    inserted: [],
    applied: [],
    notifications: [],
    heights: [],
    failOn: new Set(),
    stageOn: new Set(),
    partial: false,
    async getTicket() {
      return structuredClone(host.ticket);
    },
    async getCurrentUser() {
      return host.user;
    },
    async insertReply(text) {
      if (host.failOn.has("reply")) throw new Error("Editor not available");
      host.inserted.push(text);
    },
    async applyActions(actions): Promise<HostActionResult[]> {
      host.applied.push(actions);
      return actions.map((action): HostActionResult => {
        if (host.failOn.has(action.id)) {
          return { id: action.id, result: "failed", error: "Field is read-only" };
        }
        return { id: action.id, result: host.stageOn.has(action.id) ? "staged" : "applied" };
      });
    },
    notify(message, kind) {
      host.notifications.push({ message, kind });
    },
    resize(height) {
      host.heights.push(height);
    },
    onTicketChanged(listener) {
      changed.add(listener);
      return () => changed.delete(listener);
    },
    onReplySent(listener) {
      sent.add(listener);
      return () => sent.delete(listener);
    },
    fireTicketChanged(fields = ["conversation"]) {
      for (const listener of changed) listener({ fields });
    },
    fireReplySent(text) {
      for (const listener of sent) listener(text);
    },
    onTicketSaved(listener) {
      saved.add(listener);
      return () => saved.delete(listener);
    },
    fireTicketSaved(actionIds) {
      for (const listener of saved) listener(actionIds);
    },
    onVisibilityChanged(listener) {
      visibility.add(listener);
      return () => visibility.delete(listener);
    },
    lastTicketPartial() {
      return host.partial;
    },
    fireVisibility(visible) {
      for (const listener of visibility) listener(visible);
    },
    addCustomerMessage(body) {
      const count = host.ticket.messages.length;
      host.ticket = {
        ...host.ticket,
        messages: [
          ...host.ticket.messages,
          {
            id: `m${count + 1}`,
            author: "customer",
            public: true,
            body,
            createdAt: new Date(Date.UTC(2025, 0, 10, 10, count)).toISOString(),
          },
        ],
      };
    },
  };
  return host;
}

type Step<T> = T | TandemApiError | (() => T | Promise<T>);

export interface FakeApi extends TandemApi {
  calls: Array<{ method: keyof TandemApi; args: unknown[] }>;
  /** Queue of answers for createDraft; the last one repeats. */
  drafts: Array<Step<Draft>>;
  /** null → a decision echoing the request; an error → thrown; a function → its result. */
  decisionAnswer:
    | null
    | TandemApiError
    | ((draft: Draft, request: DecisionRequestInput) => Decision | Promise<Decision>);
  approvals: ApprovalRequest[];
  /** Execution id → answers of `getExecution`, in order; the last one repeats. */
  executions: Record<string, Array<Step<Execution>>>;
  /** Approval id → the execution its approval queues (answered by `decideApproval`). */
  approvalExecutions: Record<string, Execution>;
  /** null → the execution queued again (pending); an error → thrown. */
  retryAnswer: null | TandemApiError;
  /** null → `sampleAddedAction(kind)`; an error → thrown; a function → its result. */
  addActionAnswer:
    | null
    | TandemApiError
    | ((
        draftId: string,
        request: AddDraftActionRequest,
      ) => ProposedAction | Promise<ProposedAction>);
  /** null → accepted; an error → thrown (every time). */
  outcomesAnswer: null | TandemApiError;
  callsOf(method: keyof TandemApi): unknown[][];
}

async function run<T>(step: Step<T>): Promise<T> {
  if (step instanceof TandemApiError) throw step;
  if (typeof step === "function") return (step as () => T | Promise<T>)();
  return step;
}

/** A fake API whose answers tests script; every call is recorded in `calls`. */
export function createFakeApi(initial: { drafts?: Array<Step<Draft>> } = {}): FakeApi {
  let lastDraft: Draft = sampleDraft();
  /** Every draft answered so far by id: a decision names the draft it decides. */
  const served = new Map<string, Draft>();
  /** Executions last answered, so a retry can echo them. */
  const known = new Map<string, Execution>();
  const api: FakeApi = {
    calls: [],
    drafts: initial.drafts ?? [sampleDraft()],
    decisionAnswer: null,
    approvals: [],
    executions: {},
    approvalExecutions: {},
    retryAnswer: null,
    addActionAnswer: null,
    outcomesAnswer: null,
    callsOf(method) {
      return api.calls.filter((call) => call.method === method).map((call) => call.args);
    },
    async createDraft(request: DraftRequestInput) {
      api.calls.push({ method: "createDraft", args: [request] });
      const step = api.drafts.length > 1 ? api.drafts.shift() : api.drafts[0];
      if (step === undefined) throw new TandemApiError("NOT_FOUND", "no draft scripted", 404);
      lastDraft = await run(step);
      served.set(lastDraft.id, lastDraft);
      return lastDraft;
    },
    async getLatestDraft(ticketId) {
      api.calls.push({ method: "getLatestDraft", args: [ticketId] });
      return lastDraft;
    },
    async markShown(draftId, agent) {
      api.calls.push({ method: "markShown", args: [draftId, agent] });
    },
    async decide(draftId, request) {
      api.calls.push({ method: "decide", args: [draftId, request] });
      const answer = api.decisionAnswer;
      const draft = served.get(draftId) ?? lastDraft;
      if (answer === null) return sampleDecision(draft, request);
      if (answer instanceof TandemApiError) throw answer;
      const decision = await answer(draft, request);
      for (const execution of decision.executions) known.set(execution.id, execution);
      return decision;
    },
    async reportSent(draftId, body) {
      api.calls.push({ method: "reportSent", args: [draftId, body] });
    },
    async addDraftAction(draftId, request) {
      api.calls.push({ method: "addDraftAction", args: [draftId, request] });
      const answer = api.addActionAnswer;
      if (answer instanceof TandemApiError) throw answer;
      if (answer) return answer(draftId, request);
      return sampleAddedAction(request.commitmentKind ?? "refund");
    },
    async reportOutcomes(draftId, request) {
      api.calls.push({ method: "reportOutcomes", args: [draftId, request] });
      if (api.outcomesAnswer) throw api.outcomesAnswer;
    },
    async listApprovals(ticketId) {
      api.calls.push({ method: "listApprovals", args: [ticketId] });
      return api.approvals;
    },
    async decideApproval(id, request) {
      api.calls.push({ method: "decideApproval", args: [id, request] });
      const found = api.approvals.find((approval) => approval.id === id);
      if (!found) throw new TandemApiError("NOT_FOUND", "Approval request not found", 404);
      const execution = request.outcome === "approved" ? api.approvalExecutions[id] : undefined;
      if (execution) known.set(execution.id, execution);
      return {
        ...found,
        // With a business action the server queues it and the request stays approved until then.
        status: request.outcome === "rejected" ? "rejected" : execution ? "approved" : "executed",
        ...(execution ? { execution } : {}),
        decision: {
          agent: request.agent,
          outcome: request.outcome,
          params: request.params ?? found.action.params,
          paramsEdited: request.params !== undefined,
          agentIdentity: "asserted",
          ...(request.reason ? { reason: request.reason } : {}),
          decidedAt: "2025-01-10T09:02:00.000Z",
        },
      };
    },
    async getExecution(id) {
      api.calls.push({ method: "getExecution", args: [id] });
      const queue = api.executions[id];
      const step = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      if (step === undefined) throw new TandemApiError("NOT_FOUND", "Execution not found", 404);
      const execution = await run(step);
      known.set(id, execution);
      return execution;
    },
    async retryExecution(id) {
      api.calls.push({ method: "retryExecution", args: [id] });
      if (api.retryAnswer) throw api.retryAnswer;
      const last =
        known.get(id) ?? api.approvals.find((approval) => approval.execution?.id === id)?.execution;
      if (!last) throw new TandemApiError("NOT_FOUND", "Execution not found", 404);
      return { ...last, status: "pending", updatedAt: "2025-01-10T09:05:00.000Z" };
    },
    async analyticsSummary() {
      api.calls.push({ method: "analyticsSummary", args: [] });
      throw new TandemApiError("NOT_FOUND", "not scripted", 404);
    },
    async whoAmI() {
      api.calls.push({ method: "whoAmI", args: [] });
      throw new TandemApiError("NOT_FOUND", "not scripted", 404);
    },
  };
  return api;
}

export interface ManualTimers extends Timers {
  /** Delays of the timers still waiting, soonest first. */
  pending(): number[];
  /** Moves the clock on by `ms`, running every timer that falls due (in order). */
  advance(ms: number): void;
}

/** Timers that only move when a test says so: polling without real waiting or timed asserts. */
export function createManualTimers(): ManualTimers {
  let now = 0;
  let nextId = 1;
  const waiting = new Map<number, { at: number; callback: () => void }>();
  return {
    set(callback, ms) {
      const id = nextId++;
      waiting.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clear(handle) {
      waiting.delete(handle as number);
    },
    pending() {
      return [...waiting.values()].map((timer) => timer.at - now).sort((a, b) => a - b);
    },
    advance(ms) {
      const target = now + ms;
      for (;;) {
        const due = [...waiting.entries()]
          .filter(([, timer]) => timer.at <= target)
          .sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        waiting.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = target;
    },
  };
}

/** Resolves after pending promise callbacks ran (enough for fakes that answer immediately). */
export async function flush(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
