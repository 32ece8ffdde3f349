CREATE TABLE "action_executions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"source" text NOT NULL,
	"source_key" text NOT NULL,
	"decision_id" uuid,
	"approval_id" uuid,
	"action_id" text NOT NULL,
	"ticket_id" text NOT NULL,
	"type" text NOT NULL,
	"endpoint" text NOT NULL,
	"params" jsonb NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"result" jsonb,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "action_executions_sourceKey_unique" UNIQUE("source_key")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"name" text NOT NULL,
	"scopes" text[] NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"ticket_id" text NOT NULL,
	"status" text NOT NULL,
	"action_type" text NOT NULL,
	"action_title" text,
	"action_params" jsonb NOT NULL,
	"risk" text NOT NULL,
	"before" jsonb,
	"summary" text NOT NULL,
	"requested_by_id" text NOT NULL,
	"requested_by_name" text NOT NULL,
	"requested_by_kind" text NOT NULL,
	"callback_url" text,
	"callback_status" text DEFAULT 'none' NOT NULL,
	"idempotency_key" text,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_by_id" text,
	"decided_by_name" text,
	"decision_idempotency_key" text,
	"decision_outcome" text,
	"decision_params" jsonb,
	"params_edited" boolean,
	"comment" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_requests_idempotency_uq" UNIQUE("installation_id","idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"installation_id" uuid NOT NULL,
	"type" text NOT NULL,
	"ticket_id" text,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"subject_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"action_id" uuid NOT NULL,
	"type" text NOT NULL,
	"kind" text NOT NULL,
	"outcome" text NOT NULL,
	"params" jsonb NOT NULL,
	"params_edited" boolean DEFAULT false NOT NULL,
	"reason_code" text,
	"reason_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decision_actions_actionId_unique" UNIQUE("action_id")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"draft_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"ticket_id" text NOT NULL,
	"ticket_revision" text NOT NULL,
	"platform" text NOT NULL,
	"intent" text NOT NULL,
	"mode" text NOT NULL,
	"agent_id" text NOT NULL,
	"agent_name" text NOT NULL,
	"reply_outcome" text NOT NULL,
	"reply_body" text,
	"reason_code" text,
	"reason_note" text,
	"edit_distance" real,
	"sent_body" text,
	"sent_at" timestamp with time zone,
	"time_to_decision_ms" integer,
	"draft_created_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "decisions_idempotency_uq" UNIQUE("installation_id","idempotency_key"),
	CONSTRAINT "decisions_draft_uq" UNIQUE("draft_id")
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"ticket_id" text NOT NULL,
	"ticket_revision" text NOT NULL,
	"mode" text NOT NULL,
	"model" text,
	"prompt_version" text NOT NULL,
	"fallback_reason" text,
	"origin" text DEFAULT 'sidebar' NOT NULL,
	"reply_body" text NOT NULL,
	"reply_language" text NOT NULL,
	"summary" text NOT NULL,
	"triage" jsonb NOT NULL,
	"intent" text NOT NULL,
	"confidence" real NOT NULL,
	"rationale" jsonb NOT NULL,
	"citations" jsonb NOT NULL,
	"instruction" text,
	"input_tokens" integer,
	"output_tokens" integer,
	"latency_ms" integer NOT NULL,
	"requested_by_id" text,
	"first_shown_at" timestamp with time zone,
	"shown_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform" text NOT NULL,
	"subdomain" text NOT NULL,
	"name" text,
	"webhook_secret_enc" text NOT NULL,
	"jwt_secret_enc" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installations_platform_subdomain_uq" UNIQUE("platform","subdomain")
);
--> statement-breakpoint
CREATE TABLE "knowledge_articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"url" text,
	"locale" text NOT NULL,
	"visibility" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"ts_config" "regconfig" NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(ts_config, coalesce(title, '')), 'A') || setweight(to_tsvector(ts_config, coalesce(body, '')), 'B')) STORED,
	"embedding" real[],
	"embedding_model" text,
	"content_hash" text NOT NULL,
	"metadata" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_articles_external_uq" UNIQUE("installation_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "knowledge_macros" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"external_id" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"locale" text NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text DEFAULT 'api' NOT NULL,
	"ts_config" "regconfig" NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(ts_config, coalesce(title, '')), 'A') || setweight(to_tsvector(ts_config, coalesce(body, '')), 'B')) STORED,
	"embedding" real[],
	"embedding_model" text,
	"content_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_macros_external_uq" UNIQUE("installation_id","external_id")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"installation_id" uuid PRIMARY KEY NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"body" jsonb NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposed_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"draft_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"type" text NOT NULL,
	"kind" text NOT NULL,
	"title" text,
	"params" jsonb NOT NULL,
	"rationale" text NOT NULL,
	"risk" text NOT NULL,
	"approval" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "action_executions" ADD CONSTRAINT "action_executions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_requests" ADD CONSTRAINT "approval_requests_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_actions" ADD CONSTRAINT "decision_actions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_actions" ADD CONSTRAINT "decision_actions_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_actions" ADD CONSTRAINT "decision_actions_action_id_proposed_actions_id_fk" FOREIGN KEY ("action_id") REFERENCES "public"."proposed_actions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drafts" ADD CONSTRAINT "drafts_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_macros" ADD CONSTRAINT "knowledge_macros_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposed_actions" ADD CONSTRAINT "proposed_actions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposed_actions" ADD CONSTRAINT "proposed_actions_draft_id_drafts_id_fk" FOREIGN KEY ("draft_id") REFERENCES "public"."drafts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "action_executions_installation_idx" ON "action_executions" USING btree ("installation_id","created_at");--> statement-breakpoint
CREATE INDEX "action_executions_decision_idx" ON "action_executions" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "api_tokens_installation_idx" ON "api_tokens" USING btree ("installation_id");--> statement-breakpoint
CREATE INDEX "approval_requests_ticket_idx" ON "approval_requests" USING btree ("installation_id","ticket_id","status");--> statement-breakpoint
CREATE INDEX "approval_requests_expiry_idx" ON "approval_requests" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "audit_events_ticket_idx" ON "audit_events" USING btree ("installation_id","ticket_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_installation_idx" ON "audit_events" USING btree ("installation_id","id");--> statement-breakpoint
CREATE INDEX "decision_actions_decision_idx" ON "decision_actions" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "decision_actions_installation_created_idx" ON "decision_actions" USING btree ("installation_id","created_at");--> statement-breakpoint
CREATE INDEX "decisions_installation_created_idx" ON "decisions" USING btree ("installation_id","created_at");--> statement-breakpoint
CREATE INDEX "decisions_ticket_idx" ON "decisions" USING btree ("installation_id","ticket_id");--> statement-breakpoint
CREATE INDEX "drafts_ticket_revision_idx" ON "drafts" USING btree ("installation_id","ticket_id","ticket_revision","created_at");--> statement-breakpoint
CREATE INDEX "drafts_installation_created_idx" ON "drafts" USING btree ("installation_id","created_at");--> statement-breakpoint
CREATE INDEX "knowledge_articles_search_idx" ON "knowledge_articles" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "knowledge_articles_installation_locale_idx" ON "knowledge_articles" USING btree ("installation_id","locale");--> statement-breakpoint
CREATE INDEX "knowledge_macros_search_idx" ON "knowledge_macros" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "knowledge_macros_installation_locale_idx" ON "knowledge_macros" USING btree ("installation_id","locale");--> statement-breakpoint
CREATE INDEX "proposed_actions_draft_idx" ON "proposed_actions" USING btree ("draft_id","position");