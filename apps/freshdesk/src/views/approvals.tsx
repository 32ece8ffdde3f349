import { type ApprovalItem, describeAction, type ReviewState } from "@tandem/shared/sidebar";
import { useState } from "react";
import { Button, fieldValue, InlineMessage, Input, Label } from "../ui/crayons";
import { useSidebar } from "./context";

function ApprovalCard({ item, state }: { item: ApprovalItem; state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [comment, setComment] = useState("");
  const { request } = item;
  const ticket = state.ticket ?? { status: "open", tags: [] };
  const description = describeAction(request.action, ticket, t, request.before);
  const pending = request.status === "pending";
  const extra = comment.trim() ? { comment } : {};
  return (
    <li className="td-approval" aria-label={request.summary}>
      <p className="td-approval-summary">{request.summary}</p>
      <p>
        <span className="td-action-label">{description.label}</span>{" "}
        {description.before !== undefined && (
          <span className="td-before">{description.before} → </span>
        )}
        <span className="td-after">{description.after}</span>
      </p>
      <p className="td-muted td-small">
        {t("approvals.requested_by", { name: request.requestedBy.name })}
        {pending &&
          ` · ${t("approvals.expires", { time: t.relativeTime(new Date(request.expiresAt)) })}`}
      </p>
      <Label
        value={t(`risk.${request.action.risk}`)}
        color={
          request.action.risk === "high"
            ? "red"
            : request.action.risk === "medium"
              ? "yellow"
              : "grey"
        }
      />
      {pending ? (
        <>
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
              onFwClick={() => void controller.decideApproval(request.id, "approved", extra)}
            >
              {t("approvals.approve")}
            </Button>
            <Button
              color="secondary"
              size="small"
              disabled={item.busy}
              onFwClick={() => void controller.decideApproval(request.id, "rejected", extra)}
            >
              {t("approvals.reject")}
            </Button>
          </div>
        </>
      ) : (
        <Label
          value={request.status === "rejected" ? t("approvals.rejected") : t("approvals.approved")}
          color={request.status === "rejected" ? "grey" : "green"}
        />
      )}
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

/** Pending consult-a-human requests from external agents, above the draft. */
export function Approvals({ state }: { state: ReviewState }) {
  const { t } = useSidebar();
  const [open, setOpen] = useState(false);
  const pending = state.approvals.filter((item) => item.request.status === "pending");
  if (state.approvals.length === 0) return null;
  const first = pending[0] ?? state.approvals[0];
  const name = first?.request.requestedBy.name ?? "";
  return (
    <section className="td-approvals" aria-label={t("approvals.list_label")}>
      <div className="td-approvals-banner">
        <span>
          <span aria-hidden="true">⚑ </span>
          {t("approvals.banner", { count: pending.length, name })}
        </span>
        <Button color="link" size="small" onFwClick={() => setOpen((value) => !value)}>
          {open ? t("approvals.hide") : t("approvals.open")}
        </Button>
      </div>
      {open && (
        <ul className="td-approval-list">
          {state.approvals.map((item) => (
            <ApprovalCard key={item.request.id} item={item} state={state} />
          ))}
        </ul>
      )}
    </section>
  );
}
