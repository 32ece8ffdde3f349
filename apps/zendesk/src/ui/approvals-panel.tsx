import {
  type ApprovalItem,
  approvalExecution,
  approvalParams,
  approvalsBanner,
  describeAction,
  editableParams,
  humanize,
  paramFromInput,
  type ReviewController,
  type ReviewState,
} from "@tandem/shared/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Field, Input } from "@zendeskgarden/react-forms";
import { Well } from "@zendeskgarden/react-notifications";
import { Tag } from "@zendeskgarden/react-tags";
import { useId, useState } from "react";
import { ExecutionLine } from "./decided-panel";
import { Badges, ChangeText } from "./draft-sections";
import { useT } from "./i18n-context";
import { Muted, PlainList, Row, Stack } from "./styles";

interface ApprovalsPanelProps {
  state: ReviewState;
  controller: ReviewController;
}

/** Consult-a-human requests from external agents, above the draft; new arrivals get a badge. */
export function ApprovalsPanel({ state, controller }: ApprovalsPanelProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const listId = useId();
  if (state.approvals.length === 0) return null;
  const unseen = state.approvalsUnseen;
  const toggle = () => {
    if (!open) controller.acknowledgeApprovals();
    setOpen(!open);
  };
  return (
    <Well isRecessed>
      <Stack>
        <Row style={{ justifyContent: "space-between" }}>
          {/* Polite live region: a request that arrives while the ticket is open is read out. */}
          <Row role="status" aria-live="polite">
            <strong>
              <span aria-hidden="true">⚑ </span>
              {approvalsBanner(state, t)}
            </strong>
            {unseen > 0 && (
              <Tag size="small" hue="red">
                {t("approvals.new", { count: unseen })}
              </Tag>
            )}
          </Row>
          <Button size="small" isBasic aria-expanded={open} aria-controls={listId} onClick={toggle}>
            {open ? t("approvals.hide") : t("approvals.open")}
          </Button>
        </Row>
        {open && (
          <PlainList id={listId} aria-label={t("approvals.list_label")}>
            {state.approvals.map((item) => (
              <ApprovalCard
                key={item.request.id}
                item={item}
                state={state}
                controller={controller}
              />
            ))}
          </PlainList>
        )}
      </Stack>
    </Well>
  );
}

function ApprovalCard({
  item,
  state,
  controller,
}: {
  item: ApprovalItem;
  state: ReviewState;
  controller: ReviewController;
}) {
  const t = useT();
  const [comment, setComment] = useState("");
  const [editing, setEditing] = useState(false);
  const { request } = item;
  const params = approvalParams(item);
  const description = describeAction(
    { ...request.action, params },
    state.ticket ?? { status: "open", tags: [] },
    t,
    request.before,
  );
  const pending = request.status === "pending";
  const fields = editableParams(request.action.params);
  const tracked = approvalExecution(state, item);
  return (
    <li aria-label={request.summary}>
      <Stack $gap="xs">
        <div>{request.summary}</div>
        <Row>
          <strong>{description.label}</strong>
          <ChangeText description={description} />
        </Row>
        <Badges
          action={{ approval: "required", risk: request.action.risk, kind: "business" }}
          unchanged={false}
        />
        <Muted>
          {t("approvals.requested_by", { name: request.requestedBy.name })}
          {pending &&
            ` · ${t("approvals.expires", { time: t.relativeTime(new Date(request.expiresAt)) })}`}
        </Muted>
        {pending ? (
          <>
            {fields.length > 0 && (
              <Button
                isBasic
                size="small"
                style={{ alignSelf: "flex-start" }}
                aria-expanded={editing}
                disabled={item.busy}
                onClick={() => setEditing(!editing)}
              >
                {editing ? t("actions.edit_done") : t("actions.edit")}
              </Button>
            )}
            {editing &&
              fields.map(([key, original]) => {
                const value = params[key];
                return (
                  <Field key={key}>
                    <Field.Label>
                      {t("actions.param_label", {
                        action: description.label,
                        param: humanize(key),
                      })}
                    </Field.Label>
                    <Input
                      isCompact
                      type={typeof original === "number" ? "number" : "text"}
                      value={value === undefined || value === null ? "" : String(value)}
                      disabled={item.busy}
                      onChange={(event) =>
                        controller.setApprovalParam(
                          request.id,
                          key,
                          paramFromInput(original, event.target.value),
                        )
                      }
                    />
                  </Field>
                );
              })}
            <Field>
              <Field.Label isRegular>{t("approvals.comment")}</Field.Label>
              <Input
                isCompact
                value={comment}
                maxLength={2000}
                disabled={item.busy}
                onChange={(event) => setComment(event.target.value)}
              />
            </Field>
            <Row>
              <Button
                size="small"
                isPrimary
                disabled={item.busy}
                onClick={() => void controller.decideApproval(request.id, "approved", { comment })}
              >
                {t("approvals.approve")}
              </Button>
              <Button
                size="small"
                isDanger
                disabled={item.busy}
                onClick={() => void controller.decideApproval(request.id, "rejected", { comment })}
              >
                {t("approvals.reject")}
              </Button>
            </Row>
          </>
        ) : (
          <strong role="status">
            {request.decision?.outcome === "rejected" || request.status === "rejected"
              ? t("approvals.rejected")
              : t("approvals.approved")}
          </strong>
        )}
        {tracked && (
          <ExecutionLine
            tracked={tracked}
            onRetry={() => void controller.retryExecution(tracked.execution.id)}
          />
        )}
        {item.error && <Muted role="alert">{t("approvals.failed", { message: item.error })}</Muted>}
      </Stack>
    </li>
  );
}
