-- Analytics rollups of a day are dropped whenever a row of that day changes in a source table;
-- the next summary recomputes them. Statement-level triggers with transition tables keep bulk
-- writes cheap (one DELETE per statement).
CREATE OR REPLACE FUNCTION tandem_analytics_invalidate() RETURNS trigger AS $$
BEGIN
  DELETE FROM analytics_rollups r
  USING (
    SELECT DISTINCT installation_id, (created_at AT TIME ZONE 'UTC')::date AS day FROM changed_rows
  ) c
  WHERE r.installation_id = c.installation_id AND r.day = c.day;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER drafts_analytics_insert
  AFTER INSERT ON drafts REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER drafts_analytics_update
  AFTER UPDATE ON drafts REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER drafts_analytics_delete
  AFTER DELETE ON drafts REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER proposed_actions_analytics_insert
  AFTER INSERT ON proposed_actions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER proposed_actions_analytics_update
  AFTER UPDATE ON proposed_actions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER proposed_actions_analytics_delete
  AFTER DELETE ON proposed_actions REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER decisions_analytics_insert
  AFTER INSERT ON decisions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER decisions_analytics_update
  AFTER UPDATE ON decisions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER decisions_analytics_delete
  AFTER DELETE ON decisions REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER decision_actions_analytics_insert
  AFTER INSERT ON decision_actions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER decision_actions_analytics_update
  AFTER UPDATE ON decision_actions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER decision_actions_analytics_delete
  AFTER DELETE ON decision_actions REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER action_executions_analytics_insert
  AFTER INSERT ON action_executions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER action_executions_analytics_update
  AFTER UPDATE ON action_executions REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER action_executions_analytics_delete
  AFTER DELETE ON action_executions REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER approval_requests_analytics_insert
  AFTER INSERT ON approval_requests REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER approval_requests_analytics_update
  AFTER UPDATE ON approval_requests REFERENCING NEW TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
--> statement-breakpoint
CREATE TRIGGER approval_requests_analytics_delete
  AFTER DELETE ON approval_requests REFERENCING OLD TABLE AS changed_rows
  FOR EACH STATEMENT EXECUTE FUNCTION tandem_analytics_invalidate();
