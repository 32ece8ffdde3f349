import {
  type ApprovalItem,
  approvalCardView,
  approvalsBanner,
  approvalsPanelView,
  type ReviewController,
  type ReviewState,
} from "@tandem/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Field, Input } from "@zendeskgarden/react-forms";
import { Well } from "@zendeskgarden/react-notifications";
import { Tag } from "@zendeskgarden/react-tags";
import { useEffect, useId, useState } from "react";
import { ExecutionLine } from "./decided-panel";
import { Badges, ChangeText, IssueList, ParamEditor, RejectForm } from "./draft-sections";
import { useT } from "./i18n-context";
import { Muted, PlainList, Row, Stack } from "./styles";

interface ApprovalsPanelProps {
  state: ReviewState;
  controller: ReviewController;
}

/**
 * Consult-a-human requests from external agents, at the top. A pending request is expanded with
 * its own primary button (the reply below usually depends on it); decided ones fold away.
 */
export function ApprovalsPanel({ state, controller }: ApprovalsPanelProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  /** Requests decided in this session stay expanded, so their outcome stays in view. */
  const [decidedHere, setDecidedHere] = useState<ReadonlySet<string>>(new Set());
  const listId = useId();
  const { pendingCount, unseen, expanded, folded, primaryHint } = approvalsPanelView(
    state,
    decidedHere,
  );
  useEffect(() => {
    // Pending requests are on screen: nothing is left unseen.
    if (pendingCount > 0 && unseen > 0) controller.acknowledgeApprovals();
  }, [pendingCount, unseen, controller]);
  if (state.approvals.length === 0) return null;
  const toggle = () => {
    if (!open) controller.acknowledgeApprovals();
    setOpen(!open);
  };
  const cards = (items: typeof state.approvals) =>
    items.map((item) => (
      <ApprovalCard
        key={item.request.id}
        item={item}
        state={state}
        controller={controller}
        onDecide={() => setDecidedHere((ids) => new Set(ids).add(item.request.id))}
      />
    ));
  return (
    <Well isRecessed data-testid="approvals-panel">
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
          {folded.length > 0 && (
            <Button
              size="small"
              isBasic
              aria-expanded={open}
              aria-controls={listId}
              onClick={toggle}
            >
              {open ? t("approvals.hide") : t("approvals.open")}
            </Button>
          )}
        </Row>
        {primaryHint && <Muted>{t("approvals.primary_hint")}</Muted>}
        {expanded.length > 0 && (
          <PlainList aria-label={t("approvals.list_label")} data-testid="approvals-expanded">
            {cards(expanded)}
          </PlainList>
        )}
        {open && folded.length > 0 && (
          <PlainList id={listId} aria-label={t("approvals.list_label")}>
            {cards(folded)}
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
  onDecide,
}: {
  item: ApprovalItem;
  state: ReviewState;
  controller: ReviewController;
  onDecide: () => void;
}) {
  const t = useT();
  const [comment, setComment] = useState("");
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const card = approvalCardView(state, item, t, { editing, comment });
  const { request, params, description, pending, issues, open, tracked, extra } = card;
  return (
    <li aria-label={request.summary} data-testid="approval-card" data-status={request.status}>
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
        <Muted>{card.requested}</Muted>
        {pending ? (
          <>
            {card.editable && (
              <Button
                isBasic
                size="small"
                style={{ alignSelf: "flex-start" }}
                aria-expanded={open}
                disabled={item.busy}
                onClick={() => setEditing(!open)}
              >
                {card.editLabel}
              </Button>
            )}
            {open && (
              <ParamEditor
                action={request.action}
                params={params}
                label={description.label}
                issues={issues}
                disabled={item.busy}
                onParam={(key, value) => controller.setApprovalParam(request.id, key, value)}
              />
            )}
            <IssueList issues={card.listedIssues} />
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
                data-testid="approval-approve"
                onClick={() => {
                  onDecide();
                  void controller.decideApproval(request.id, "approved", extra);
                }}
              >
                {t("approvals.approve")}
              </Button>
              <Button
                size="small"
                isDanger
                disabled={item.busy}
                aria-expanded={rejecting}
                data-testid="approval-reject"
                onClick={() => setRejecting(!rejecting)}
              >
                {t("approvals.reject")}
              </Button>
            </Row>
            {rejecting && (
              <RejectForm
                title={t("approvals.reject_title")}
                confirmLabel={t("approvals.reject")}
                disabled={item.busy}
                onCancel={() => setRejecting(false)}
                onReject={(code, note) => {
                  onDecide();
                  void controller.decideApproval(request.id, "rejected", {
                    ...extra,
                    reason: { code, ...(note.trim() ? { note: note.trim() } : {}) },
                  });
                }}
              />
            )}
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
