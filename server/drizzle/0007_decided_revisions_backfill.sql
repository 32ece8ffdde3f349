-- Decisions recorded before decided_revisions existed claim their revisions, so the primary key
-- guards them too (the draft's revision, and the newer one the agent saw).
INSERT INTO "decided_revisions" ("installation_id", "ticket_id", "revision", "decision_id")
SELECT "installation_id", "ticket_id", "ticket_revision", "id" FROM "decisions"
UNION ALL
SELECT "installation_id", "ticket_id", "seen_ticket_revision", "id" FROM "decisions"
WHERE "seen_ticket_revision" IS NOT NULL
ON CONFLICT DO NOTHING;
