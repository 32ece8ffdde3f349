/**
 * Example: an OpenAI Agents SDK agent that consults a human in Tandem before it changes a
 * booking. The agent's tool is marked `needsApproval`; when the run pauses on it, the bridge
 * asks Tandem (`requestApproval`), waits for the agent in Zendesk/Freshdesk to decide
 * (`waitForDecision`), then approves or rejects the tool call and resumes the run. Tandem runs
 * the approved business action itself (its policy's `change_booking_dates` endpoint), so the tool
 * reports Tandem's outcome instead of calling the booking system a second time.
 */
import {
  Agent,
  OpenAIChatCompletionsModel,
  type RunToolApprovalItem,
  run,
  setTracingDisabled,
  tool,
} from "@openai/agents";
import type { ApprovalClient } from "@tandem/approvals-client";
import type { ApprovalRequest } from "@tandem/shared";
import type OpenAI from "openai";
import { z } from "zod";

// Traces would be exported to OpenAI's platform; a self-hosted deployment keeps them local.
setTracingDisabled(true);

export interface BookingAgentOptions {
  openai: OpenAI;
  model: string;
  tandem: ApprovalClient;
  /** The helpdesk ticket the conversation belongs to: the approval shows up in its sidebar. */
  ticketId: string;
  requestedBy: { id: string; name: string };
  /** Current booking, shown to the human as "before". */
  currentBooking: { bookingId: string; checkIn: string; checkOut: string };
  /** How long the bot waits for a human before it tells the customer someone will follow up. */
  decisionTimeoutMs?: number;
}

const BookingChange = z.object({
  bookingId: z.string().describe("The booking reference, e.g. BK-1001"),
  checkIn: z.string().describe("New check-in date, YYYY-MM-DD"),
  checkOut: z.string().describe("New check-out date, YYYY-MM-DD"),
});

export interface BookingConversationResult {
  reply: string;
  approvals: ApprovalRequest[];
}

export function createBookingAgent(options: BookingAgentOptions) {
  /** Decided approvals by tool call id: the tool's execute() reports them to the model. */
  const decided = new Map<string, ApprovalRequest>();

  const changeBookingDates = tool({
    name: "change_booking_dates",
    description:
      "Move an existing booking to new dates. A human agent must approve the change first.",
    parameters: BookingChange,
    needsApproval: true,
    async execute(args, _context, details) {
      const approval = details?.toolCall ? decided.get(details.toolCall.callId) : undefined;
      if (!approval) return JSON.stringify({ status: "unknown", message: "No decision recorded." });
      return JSON.stringify({
        status: approval.status,
        appliedParams: approval.decision?.params ?? args,
        editedByHuman: approval.decision?.paramsEdited ?? false,
        humanComment: approval.decision?.comment ?? null,
        rejectionReason: approval.decision?.reason?.code ?? null,
        bookingSystem: approval.execution?.result ?? null,
      });
    },
  });

  const agent = new Agent({
    name: "Trip bot",
    instructions:
      "You help travellers change their bookings. The customer is already authenticated. " +
      "Use change_booking_dates for date changes; a human approves every change. If the change " +
      "was executed, confirm the final dates (a human may have adjusted them). If it was " +
      "rejected or not decided in time, tell the customer a human colleague will follow up.",
    model: new OpenAIChatCompletionsModel(options.openai, options.model),
    tools: [changeBookingDates],
  });

  async function consult(item: RunToolApprovalItem, runId: string): Promise<ApprovalRequest> {
    const raw = item.rawItem as { callId?: string; name?: string; arguments?: string };
    const params = BookingChange.parse(JSON.parse(raw.arguments ?? "{}"));
    const requested = await options.tandem.requestApproval({
      ticketId: options.ticketId,
      action: { type: "change_booking_dates", params },
      summary:
        `Customer asks to move booking ${params.bookingId} from ` +
        `${options.currentBooking.checkIn}–${options.currentBooking.checkOut} to ` +
        `${params.checkIn}–${params.checkOut}. Identity verified by the bot.`,
      // Same keys as the params, so the sidebar lines up before → after field by field.
      before: {
        bookingId: options.currentBooking.bookingId,
        checkIn: options.currentBooking.checkIn,
        checkOut: options.currentBooking.checkOut,
      },
      requestedBy: { ...options.requestedBy, kind: "bot" },
      // Retries of this step (crash, redeploy) find the same request instead of a second one.
      idempotencyKey: `${runId}:${raw.callId ?? "call"}`.slice(0, 128),
      expiresInSeconds: Math.ceil((options.decisionTimeoutMs ?? 15 * 60_000) / 1000) + 60,
    });
    const answer = await options.tandem.waitForDecision(requested.id, {
      timeoutMs: options.decisionTimeoutMs ?? 15 * 60_000,
    });
    if (raw.callId) decided.set(raw.callId, answer);
    return answer;
  }

  /** Runs one customer turn, pausing for the human whenever the agent wants to change a booking. */
  async function converse(input: string, runId: string): Promise<BookingConversationResult> {
    const approvals: ApprovalRequest[] = [];
    let result = await run(agent, input);
    while (result.interruptions.length > 0) {
      for (const interruption of result.interruptions) {
        const answer = await consult(interruption, runId);
        approvals.push(answer);
        if (answer.status === "executed" || answer.status === "approved") {
          result.state.approve(interruption);
        } else {
          result.state.reject(interruption);
        }
      }
      result = await run(agent, result.state);
    }
    return { reply: String(result.finalOutput ?? ""), approvals };
  }

  return { agent, converse };
}
