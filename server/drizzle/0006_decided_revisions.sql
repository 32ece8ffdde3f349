CREATE TABLE "decided_revisions" (
	"installation_id" uuid NOT NULL,
	"ticket_id" text NOT NULL,
	"revision" text NOT NULL,
	"decision_id" uuid NOT NULL,
	CONSTRAINT "decided_revisions_pk" PRIMARY KEY("installation_id","ticket_id","revision")
);
--> statement-breakpoint
ALTER TABLE "decided_revisions" ADD CONSTRAINT "decided_revisions_installation_id_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decided_revisions" ADD CONSTRAINT "decided_revisions_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;