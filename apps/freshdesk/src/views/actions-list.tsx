import type { ProposedAction } from "@tandem/shared";
import { describeAction, effectiveParams, type ReviewState } from "@tandem/shared/sidebar";
import { useState } from "react";
import { Badge } from "../ui/badge";
import { Button, Checkbox, fieldValue, Input } from "../ui/crayons";
import { useSidebar } from "./context";

const riskColors = { low: "grey", medium: "yellow", high: "red" } as const;

/** Editable scalar params of a business action (ids, amounts, dates …). */
function ParamEditor({ action, state }: { action: ProposedAction; state: ReviewState }) {
  const { t, controller } = useSidebar();
  const params = effectiveParams(action, state.paramEdits[action.id]);
  const title = action.title ?? action.type;
  return (
    <div className="td-params">
      {Object.entries(params)
        .filter(([, value]) => typeof value === "string" || typeof value === "number")
        .map(([key, value]) => (
          <Input
            key={key}
            name={`param-${action.id}-${key}`}
            label={key}
            aria-label={t("actions.param_label", { action: title, param: key })}
            type={typeof value === "number" ? "number" : "text"}
            value={String(value)}
            disabled={state.busy !== null}
            onFwInput={(event) => {
              const text = fieldValue(event);
              const number = Number(text);
              const next =
                typeof value === "number" && text !== "" && Number.isFinite(number) ? number : text;
              controller.setActionParam(action.id, key, next);
            }}
          />
        ))}
    </div>
  );
}

function ActionRow({ action, state }: { action: ProposedAction; state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [editing, setEditing] = useState(false);
  const ticket = state.ticket ?? { status: "open", tags: [] };
  const params = effectiveParams(action, state.paramEdits[action.id]);
  const description = describeAction({ ...action, params }, ticket, t);
  const checked = state.selected[action.id] !== false;
  const business = action.kind === "business";
  return (
    <li className="td-action">
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
              color={riskColors[action.risk]}
              aria-label={t(`risk.${action.risk}`)}
            />
          )}
          {business && <span className="td-muted">{t("actions.business")}</span>}
          {description.unchanged && <span className="td-muted">{t("actions.unchanged")}</span>}
        </div>
        {action.rationale && (
          <p className="td-muted td-small">{t("actions.why", { text: action.rationale })}</p>
        )}
        {business && (
          <>
            <Button
              color="link"
              size="small"
              disabled={state.busy !== null}
              onFwClick={() => setEditing((open) => !open)}
            >
              {editing ? t("actions.edit_done") : t("actions.edit")}
            </Button>
            {editing && <ParamEditor action={action} state={state} />}
          </>
        )}
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
