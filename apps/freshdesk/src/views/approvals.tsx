import {
  type ApprovalItem,
  approvalCardView,
  approvalsBanner,
  approvalsPanelView,
  type ReviewState,
  riskTone,
} from "@tandem/sidebar";
import { useEffect, useState } from "react";
import { Badge, riskColor } from "../ui/badge";
import { Button, fieldValue, InlineMessage, Input } from "../ui/crayons";
import { IssueList } from "./actions-list";
import { useSidebar } from "./context";
import { ExecutionLine } from "./execution-line";
import { ParamFields } from "./param-fields";
import { RejectReasons } from "./reject-reasons";

function ApprovalCard({
  item,
  state,
  onDecide,
}: {
  item: ApprovalItem;
  state: ReviewState;
  onDecide: () => void;
}) {
  const { t, controller } = useSidebar();
  const [comment, setComment] = useState("");
  const [editing, setEditing] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const card = approvalCardView(state, item, t, { editing, comment });
  const { request, params, description, pending, issues, open, tracked, extra } = card;
  return (
    <li
      className={`td-approval${pending ? " td-approval--pending" : ""}`}
      aria-label={request.summary}
      data-testid="approval-card"
      data-status={request.status}
    >
      <p className="td-approval-summary">{request.summary}</p>
      <p>
        <span className="td-action-label">{description.label}</span>{" "}
        {description.before !== undefined && (
          <span className="td-before">{description.before} → </span>
        )}
        <span className="td-after">{description.after}</span>
      </p>
      <p className="td-muted td-small">{card.requested}</p>
      <Badge
        value={t(`risk.${request.action.risk}`)}
        color={riskColor[riskTone(request.action.risk)]}
      />
      {pending ? (
        <>
          {card.editable && (
            <Button
              color="link"
              size="small"
              aria-expanded={open}
              disabled={item.busy}
              onFwClick={() => setEditing(!open)}
            >
              {card.editLabel}
            </Button>
          )}
          {open && (
            <ParamFields
              idPrefix={`approval-param-${request.id}`}
              action={request.action}
              params={params}
              label={description.label}
              issues={issues}
              disabled={item.busy}
              onParam={(key, value) => controller.setApprovalParam(request.id, key, value)}
            />
          )}
          <IssueList issues={card.listedIssues} />
          <Input
            name={`approval-comment-${request.id}`}
            label={t("approvals.comment")}
            value={comment}
            maxlength={2000}
            disabled={item.busy}
            onFwInput={(event) => setComment(fieldValue(event))}
          />
          <div className="td-row">
            <Button
              color="primary"
              size="small"
              loading={item.busy}
              disabled={item.busy}
              data-testid="approval-approve"
              onFwClick={() => {
                onDecide();
                void controller.decideApproval(request.id, "approved", extra);
              }}
            >
              {t("approvals.approve")}
            </Button>
            <Button
              color="secondary"
              size="small"
              disabled={item.busy}
              aria-expanded={rejecting}
              data-testid="approval-reject"
              onFwClick={() => setRejecting((value) => !value)}
            >
              {t("approvals.reject")}
            </Button>
          </div>
          {rejecting && (
            <RejectReasons
              title={t("approvals.reject_title")}
              confirmLabel={t("approvals.reject")}
              busy={item.busy}
              onReject={(reason) => {
                onDecide();
                void controller.decideApproval(request.id, "rejected", { ...extra, reason });
              }}
              onClose={() => setRejecting(false)}
            />
          )}
        </>
      ) : (
        <Badge
          value={request.status === "rejected" ? t("approvals.rejected") : t("approvals.approved")}
          color={request.status === "rejected" ? "grey" : "green"}
        />
      )}
      {tracked && <ExecutionLine tracked={tracked} />}
      {item.error && (
        <div role="alert">
          <InlineMessage type="error" open closable={false}>
            {t("approvals.failed", { message: item.error })}
          </InlineMessage>
        </div>
      )}
    </li>
  );
}

/**
 * Consult-a-human requests from external agents, at the top. A pending request is expanded with
 * its own primary button (the reply below usually depends on it); decided ones fold away.
 */
export function Approvals({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [open, setOpen] = useState(false);
  /** Requests decided in this session stay expanded, so their outcome stays in view. */
  const [decidedHere, setDecidedHere] = useState<ReadonlySet<string>>(new Set());
  const { pendingCount, unseen, expanded, folded, primaryHint } = approvalsPanelView(
    state,
    decidedHere,
  );
  useEffect(() => {
    // Pending requests are on screen: nothing is left unseen.
    if (pendingCount > 0 && unseen > 0) controller.acknowledgeApprovals();
  }, [pendingCount, unseen, controller]);
  if (state.approvals.length === 0) return null;
  const cards = (items: ApprovalItem[]) =>
    items.map((item) => (
      <ApprovalCard
        key={item.request.id}
        item={item}
        state={state}
        onDecide={() => setDecidedHere((ids) => new Set(ids).add(item.request.id))}
      />
    ));
  return (
    <section
      className="td-approvals"
      aria-label={t("approvals.list_label")}
      data-testid="approvals-panel"
    >
      <div className="td-approvals-banner">
        {/* Polite live region: a request that arrives while the ticket is open is read out. */}
        <span role="status" aria-live="polite">
          <span aria-hidden="true">⚑ </span>
          {approvalsBanner(state, t)}
          {unseen > 0 && (
            <>
              {" "}
              <Badge value={t("approvals.new", { count: unseen })} color="red" />
            </>
          )}
        </span>
        {folded.length > 0 && (
          <Button
            color="link"
            size="small"
            aria-expanded={open}
            onFwClick={() => {
              if (!open) controller.acknowledgeApprovals();
              setOpen((value) => !value);
            }}
          >
            {open ? t("approvals.hide") : t("approvals.open")}
          </Button>
        )}
      </div>
      {primaryHint && <p className="td-small td-muted">{t("approvals.primary_hint")}</p>}
      {expanded.length > 0 && (
        <ul className="td-approval-list" data-testid="approvals-expanded">
          {cards(expanded)}
        </ul>
      )}
      {open && folded.length > 0 && <ul className="td-approval-list">{cards(folded)}</ul>}
    </section>
  );
}
