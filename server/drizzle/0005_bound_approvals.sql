ALTER TABLE "approval_requests" ADD COLUMN "reason_code" text;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD COLUMN "decided_by_identity" text;--> statement-breakpoint
ALTER TABLE "decision_actions" ADD COLUMN "host_result" text;--> statement-breakpoint
ALTER TABLE "decision_actions" ADD COLUMN "host_error" text;--> statement-breakpoint
ALTER TABLE "decision_actions" ADD COLUMN "host_reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "agent_identity" text DEFAULT 'asserted' NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "seen_ticket_revision" text;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "acknowledged_commitments" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "reply_inserted" boolean;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "reply_insert_error" text;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "commitments" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "drafts" ADD COLUMN "needs_reply" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "proposed_actions" ADD COLUMN "target_params" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "proposed_actions" ADD COLUMN "added_by" text DEFAULT 'drafter' NOT NULL;--> statement-breakpoint
ALTER TABLE "proposed_actions" ADD COLUMN "fulfils" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "proposed_actions" ADD COLUMN "param_fields" jsonb DEFAULT '[]'::jsonb NOT NULL;