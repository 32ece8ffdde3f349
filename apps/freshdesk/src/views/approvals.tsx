import {
  type ApprovalItem,
  approvalExecution,
  approvalParams,
  approvalsBanner,
  describeAction,
  type ReviewState,
} from "@tandem/shared/sidebar";
import { useState } from "react";
import { Badge } from "../ui/badge";
import { Button, fieldValue, InlineMessage, Input } from "../ui/crayons";
import { ApprovalParams, canEditParams } from "./approval-params";
import { useSidebar } from "./context";
import { ExecutionLine } from "./execution-line";

function ApprovalCard({ item, state }: { item: ApprovalItem; state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [comment, setComment] = useState("");
  const [editing, setEditing] = useState(false);
  const { request } = item;
  const ticket = state.ticket ?? { status: "open", tags: [] };
  const description = describeAction(
    { ...request.action, params: approvalParams(item) },
    ticket,
    t,
    request.before,
  );
  const pending = request.status === "pending";
  const editable = canEditParams(item);
  const tracked = approvalExecution(state, item);
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
      <Badge
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
          {editable && (
            <Button
              color="link"
              size="small"
              disabled={item.busy}
              onFwClick={() => setEditing((open) => !open)}
            >
              {editing ? t("actions.edit_done") : t("actions.edit")}
            </Button>
          )}
          {editable && editing && <ApprovalParams item={item} label={description.label} />}
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

/** Consult-a-human requests from external agents, above the draft; new arrivals get a badge. */
export function Approvals({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [open, setOpen] = useState(false);
  if (state.approvals.length === 0) return null;
  const unseen = state.approvalsUnseen;
  return (
    <section className="td-approvals" aria-label={t("approvals.list_label")}>
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
        <Button
          color="link"
          size="small"
          onFwClick={() => {
            if (!open) controller.acknowledgeApprovals();
            setOpen((value) => !value);
          }}
        >
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
