import type { TicketContext } from "@tandem/shared";
import { type ApprovalItem, describeAction } from "@tandem/shared/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Field, Input } from "@zendeskgarden/react-forms";
import { Well } from "@zendeskgarden/react-notifications";
import { useId, useState } from "react";
import { Badges, ChangeText } from "./draft-sections";
import { useT } from "./i18n-context";
import { Muted, PlainList, Row, Stack } from "./styles";

interface ApprovalsPanelProps {
  items: ApprovalItem[];
  ticket: TicketContext | null;
  onDecide: (id: string, outcome: "approved" | "rejected", comment: string) => void;
}

/** Pending consult-a-human requests from external agents, shown above the draft. */
export function ApprovalsPanel({ items, ticket, onDecide }: ApprovalsPanelProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const pending = items.filter((item) => item.request.status === "pending");
  if (items.length === 0) return null;
  const first = pending[0] ?? items[0];
  const requester = first?.request.requestedBy.name ?? "";
  return (
    <Well isRecessed>
      <Stack>
        <Row style={{ justifyContent: "space-between" }}>
          <strong>
            <span aria-hidden="true">⚑ </span>
            {t("approvals.banner", { count: pending.length, name: requester })}
          </strong>
          <Button
            size="small"
            isBasic
            aria-expanded={open}
            aria-controls={listId}
            onClick={() => setOpen(!open)}
          >
            {open ? t("approvals.hide") : t("approvals.open")}
          </Button>
        </Row>
        {open && (
          <PlainList id={listId} aria-label={t("approvals.list_label")}>
            {items.map((item) => (
              <ApprovalCard key={item.request.id} item={item} ticket={ticket} onDecide={onDecide} />
            ))}
          </PlainList>
        )}
      </Stack>
    </Well>
  );
}

function ApprovalCard({
  item,
  ticket,
  onDecide,
}: {
  item: ApprovalItem;
  ticket: TicketContext | null;
  onDecide: ApprovalsPanelProps["onDecide"];
}) {
  const t = useT();
  const [comment, setComment] = useState("");
  const { request } = item;
  const description = describeAction(
    request.action,
    ticket ?? { status: "open", tags: [] },
    t,
    request.before,
  );
  const decided = request.status !== "pending";
  return (
    <li>
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
          {t("approvals.requested_by", { name: request.requestedBy.name })} ·{" "}
          {t("approvals.expires", { time: t.relativeTime(new Date(request.expiresAt)) })}
        </Muted>
        {decided ? (
          <strong role="status">
            {request.decision?.outcome === "rejected" || request.status === "rejected"
              ? t("approvals.rejected")
              : t("approvals.approved")}
          </strong>
        ) : (
          <>
            <Field>
              <Field.Label isRegular>{t("approvals.comment")}</Field.Label>
              <Input
                isCompact
                value={comment}
                onChange={(event) => setComment(event.target.value)}
              />
            </Field>
            <Row>
              <Button
                size="small"
                isPrimary
                disabled={item.busy}
                onClick={() => onDecide(request.id, "approved", comment)}
              >
                {t("approvals.approve")}
              </Button>
              <Button
                size="small"
                isDanger
                disabled={item.busy}
                onClick={() => onDecide(request.id, "rejected", comment)}
              >
                {t("approvals.reject")}
              </Button>
            </Row>
          </>
        )}
        {item.error && <Muted role="alert">{t("approvals.failed", { message: item.error })}</Muted>}
      </Stack>
    </li>
  );
}
