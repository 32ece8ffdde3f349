CREATE TABLE "helpdesk_connections" (
	"installation_id" uuid PRIMARY KEY NOT NULL,
	"auth_type" text NOT NULL,
	"email" text,
	"secret_enc" text NOT NULL,
	"base_url" text,
	"zendesk_webhook_id" text,
	"zendesk_trigger_id" text,
	"knowledge_sync_enabled" boolean DEFAULT true NOT NULL,
	"sync_cursor" text,
	"last_synced_at" timestamp with time zone,
	"last_full_sync_at" timestamp with time zone,
	"last_sync_error" text,
	"last_sync_stats" jsonb,
	"sync_failures" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_failures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"queue" text NOT NULL,
	"job_id" text NOT NULL,
	"ticket_id" text,
	"kind" text NOT NULL,
	"reason" text NOT NULL,
	"attempts" integer NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"retried_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "predraft_claims" (
	"installation_id" uuid NOT NULL,
	"ticket_id" text NOT NULL,
	"ticket_revision" text NOT NULL,
	"state" text NOT NULL,
	"job_id" text,
	"draft_id" uuid,
	"attempts" integer DEFAULT 1 NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "predraft_claims_installation_id_ticket_id_ticket_revision_pk" PRIMARY KEY("installation_id","ticket_id","ticket_revision")
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"refilled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installation_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"delivery_key" text NOT NULL,
	"ticket_id" text,
	"event" text,
	"outcome" text NOT NULL,
	"reason" text,
	"job_id" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_deliveries_key_uq" UNIQUE("installation_id","delivery_key")
);
--> statement-breakpoint
ALTER TABLE "helpdesk_connections" ADD CONSTRAINT "helpdesk_connections_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_failures" ADD CONSTRAINT "job_failures_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "predraft_claims" ADD CONSTRAINT "predraft_claims_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_failures_installation_idx" ON "job_failures" USING btree ("installation_id","created_at");--> statement-breakpoint
CREATE INDEX "predraft_claims_running_idx" ON "predraft_claims" USING btree ("installation_id","state","lease_until");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_received_idx" ON "webhook_deliveries" USING btree ("received_at");