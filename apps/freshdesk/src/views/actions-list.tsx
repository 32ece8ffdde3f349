import type { ProposedAction } from "@tandem/shared";
import {
  describeAction,
  effectiveParams,
  type FieldIssue,
  fieldIssueText,
  paramFieldViews,
  type ReviewState,
  riskTone,
} from "@tandem/sidebar";
import { useState } from "react";
import { Badge, riskColor } from "../ui/badge";
import { Button, Checkbox } from "../ui/crayons";
import { useSidebar } from "./context";
import { ParamFields } from "./param-fields";

/** Problems the server reported that no param field shows ("Check-out: must be after …"). */
export function IssueList({ issues }: { issues: FieldIssue[] }) {
  const { t } = useSidebar();
  if (issues.length === 0) return null;
  return (
    <ul className="td-issues" role="alert" data-testid="field-issues">
      {issues.map((issue) => (
        <li key={`${issue.param ?? ""}:${issue.message}`} className="td-small td-error-text">
          {fieldIssueText(issue, t)}
        </li>
      ))}
    </ul>
  );
}

function ActionRow({ action, state }: { action: ProposedAction; state: ReviewState }) {
  const { t, controller } = useSidebar();
  // An action the agent just added (to back a promise) opens with its fields, as do problems.
  const [editing, setEditing] = useState(action.addedBy === "agent");
  const issues = state.fieldIssues.filter((issue) => issue.actionId === action.id);
  const ticket = state.ticket ?? { status: "open", tags: [] };
  const params = effectiveParams(action, state.paramEdits[action.id]);
  const description = describeAction({ ...action, params }, ticket, t);
  const checked = state.selected[action.id] !== false;
  const business = action.kind === "business";
  // Business actions: a field for every param the policy declares, given or not.
  const fields = business ? paramFieldViews(action, params, t) : [];
  const shown = new Set(fields.map((field) => field.name));
  const editable = fields.length > 0;
  const open = editable && (editing || issues.length > 0);
  return (
    <li className="td-action" data-testid="action-item" data-action-id={action.id}>
      <Checkbox
        name={`action-${action.id}`}
        checked={checked}
        disabled={state.busy !== null}
        aria-label={t("actions.apply_label", { action: description.label })}
        onFwChange={(event) =>
          controller.toggleAction(action.id, event.detail.meta?.checked ?? !checked)
        }
      />
      <div className="td-action-body">
        <div className="td-action-line">
          <span className="td-action-label">{description.label}</span>
          <span className="td-action-change">
            {description.before !== undefined && (
              <>
                <span className="td-before">{description.before}</span>
                <span> → </span>
              </>
            )}
            <span className="td-after">{description.after}</span>
          </span>
        </div>
        <div className="td-badges">
          {action.approval === "auto" ? (
            <Badge
              value={t("actions.auto")}
              color="grey"
              title={t("actions.auto_label")}
              aria-label={t("actions.auto_label")}
            />
          ) : (
            <Badge
              value={t("actions.approve")}
              color="blue"
              title={t("actions.approve_label")}
              aria-label={t("actions.approve_label")}
            />
          )}
          {(business || action.risk !== "low") && (
            <Badge
              value={t(`risk.${action.risk}`)}
              color={riskColor[riskTone(action.risk)]}
              aria-label={t(`risk.${action.risk}`)}
            />
          )}
          {action.addedBy === "agent" && (
            <Badge value={t("actions.added_by_agent")} color="green" />
          )}
          {business && <span className="td-muted">{t("actions.business")}</span>}
          {description.unchanged && <span className="td-muted">{t("actions.unchanged")}</span>}
        </div>
        {action.rationale && (
          <p className="td-muted td-small">{t("actions.why", { text: action.rationale })}</p>
        )}
        {editable && (
          <>
            <Button
              color="link"
              size="small"
              aria-expanded={open}
              disabled={state.busy !== null}
              onFwClick={() => setEditing(!open)}
            >
              {open ? t("actions.edit_done") : t("actions.edit")}
            </Button>
            {open && (
              <ParamFields
                idPrefix={`param-${action.id}`}
                action={action}
                params={params}
                label={description.label}
                issues={issues}
                disabled={state.busy !== null}
                onParam={(key, value) => controller.setActionParam(action.id, key, value)}
              />
            )}
          </>
        )}
        <IssueList
          issues={issues.filter(
            (issue) => !open || issue.param === null || !shown.has(issue.param),
          )}
        />
      </div>
    </li>
  );
}

/** The proposed actions as a checklist with before → after values and badges. */
export function ActionsList({ state }: { state: ReviewState }) {
  const { t } = useSidebar();
  const actions = state.draft?.actions ?? [];
  const selected = actions.filter((action) => state.selected[action.id] !== false).length;
  return (
    <section className="td-section" aria-labelledby="td-actions-heading">
      <h2 id="td-actions-heading" className="td-heading">
        {t("actions.label")}
      </h2>
      {actions.length === 0 ? (
        <p className="td-muted">{t("actions.none")}</p>
      ) : (
        <>
          <ul className="td-actions" aria-labelledby="td-actions-heading">
            {actions.map((action) => (
              <ActionRow key={action.id} action={action} state={state} />
            ))}
          </ul>
          <p className="td-muted td-small" aria-live="polite">
            {t("actions.selected", { count: selected, total: actions.length })}
          </p>
        </>
      )}
    </section>
  );
}
