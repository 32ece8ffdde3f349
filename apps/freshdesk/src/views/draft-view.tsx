import { type RejectionReasonCode, RejectionReasonCodes } from "@tandem/shared";
import {
  canDecide,
  draftNotice,
  hasDraftEdits,
  type MessageKey,
  type ReviewState,
  replyWasEdited,
  ShortcutAria,
} from "@tandem/shared/sidebar";
import { useState } from "react";
import { Badge } from "../ui/badge";
import {
  Button,
  fieldValue,
  InlineMessage,
  Input,
  Radio,
  RadioGroup,
  Textarea,
} from "../ui/crayons";
import { ActionsList } from "./actions-list";
import { useSidebar } from "./context";

function Triage({ state }: { state: ReviewState }) {
  const { t } = useSidebar();
  const triage = state.draft?.triage;
  if (!triage) return null;
  const chips: Array<[MessageKey, string]> = [
    ["triage.intent", triage.intent.replace(/[_-]+/g, " ")],
    ["triage.sentiment", t(`sentiment.${triage.sentiment}`)],
    ["triage.urgency", t(`urgency.${triage.urgency}`)],
    ["triage.language", triage.language.toUpperCase()],
    ["triage.confidence", t.number(triage.confidence, { style: "percent" })],
  ];
  return (
    <ul className="td-chips" aria-label={t("triage.label")}>
      {chips.map(([key, value]) => (
        <li key={key}>
          <Badge
            value={value}
            color={key === "triage.intent" ? "blue" : "normal"}
            aria-label={t(key, { value })}
          />
        </li>
      ))}
    </ul>
  );
}

function Notices({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const notice = draftNotice(state.draft);
  const inline = state.inlineError;
  return (
    <>
      {state.stale && (
        <div role="alert" className="td-notice">
          <InlineMessage type="warning" open closable={false}>
            <strong className="td-block">{t("notice.stale.title")}</strong>
            <span className="td-block">
              {state.busy === "redrafting" ? t("notice.redrafting") : t("notice.stale.body")}
            </span>
            {state.busy !== "redrafting" && hasDraftEdits(state) && (
              <span className="td-block">{t("notice.stale.edited")}</span>
            )}
          </InlineMessage>
          <Button color="secondary" size="small" onFwClick={() => void controller.reload()}>
            {t("button.refresh")}
          </Button>
        </div>
      )}
      {state.draftUpdated && !state.stale && (
        <div role="status" className="td-notice">
          <InlineMessage type="success" open closable={false}>
            {t("notice.updated")}
          </InlineMessage>
        </div>
      )}
      {state.partialTicket && (
        <div className="td-notice" role="note" aria-label={t("notice.partial_conversation")}>
          <InlineMessage type="warning" open closable={false}>
            {t("notice.partial_conversation")}
          </InlineMessage>
        </div>
      )}
      {notice?.kind === "offline" && (
        <div className="td-notice" role="note" aria-label={t("notice.offline.title")}>
          <InlineMessage type="info" open closable={false}>
            <strong className="td-block">{t("notice.offline.title")}</strong>
            <span className="td-block">{t("notice.offline.body")}</span>
          </InlineMessage>
        </div>
      )}
      {notice?.kind === "model_failed" && (
        <div className="td-notice" role="note" aria-label={t("notice.model_failed.title")}>
          <InlineMessage type="warning" open closable={false}>
            <strong className="td-block">{t("notice.model_failed.title")}</strong>
            <span className="td-block">
              {t("notice.model_failed.body", { reason: notice.reason })}
            </span>
          </InlineMessage>
        </div>
      )}
      {inline && (
        <div role="alert" className="td-notice">
          <InlineMessage type="error" open closable={false}>
            {inline.code === "UNREACHABLE"
              ? t("notice.decision_unreachable")
              : inline.code === "RATE_LIMITED"
                ? t("state.rate_limited")
                : t("notice.decision_failed", { message: inline.message })}
          </InlineMessage>
        </div>
      )}
    </>
  );
}

function Sources({ state }: { state: ReviewState }) {
  const { t } = useSidebar();
  const citations = state.draft?.citations ?? [];
  if (citations.length === 0) return null;
  return (
    <section className="td-section" aria-labelledby="td-sources-heading">
      <h2 id="td-sources-heading" className="td-heading">
        {t("sources.label")}
      </h2>
      <ul className="td-sources">
        {citations.map((citation) => {
          const name = citation.internal
            ? t("sources.internal_label", { title: citation.title })
            : citation.title;
          return (
            <li key={`${citation.kind}-${citation.id}`}>
              {citation.url && /^https?:\/\//.test(citation.url) ? (
                <a href={citation.url} target="_blank" rel="noopener noreferrer" aria-label={name}>
                  {citation.title}
                </a>
              ) : citation.internal ? (
                <>
                  <span className="td-sr-only">{name}</span>
                  <span aria-hidden="true">{citation.title}</span>
                </>
              ) : (
                <span>{citation.title}</span>
              )}
              {citation.kind === "macro" && (
                <span className="td-muted"> · {t("sources.macro")}</span>
              )}
              {citation.internal && (
                <>
                  {" "}
                  <Badge value={t("sources.internal")} color="yellow" />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function RejectPanel({ onClose }: { onClose: () => void }) {
  const { t, controller } = useSidebar();
  const [code, setCode] = useState<RejectionReasonCode | null>(null);
  const [note, setNote] = useState("");
  const busy = controller.getState().busy === "rejecting";
  return (
    <section className="td-reject" aria-labelledby="td-reject-heading">
      <h2 id="td-reject-heading" className="td-heading">
        {t("reject.title")}
      </h2>
      <RadioGroup
        name="tandem-reject-reason"
        label={t("reject.reason")}
        aria-label={t("reject.reason")}
      >
        {RejectionReasonCodes.map((reason) => (
          <Radio
            key={reason}
            value={reason}
            checked={code === reason}
            onFwSelect={() => setCode(reason)}
          >
            {t(`reject.${reason}`)}
          </Radio>
        ))}
      </RadioGroup>
      <Textarea
        name="tandem-reject-note"
        label={t("reject.note")}
        value={note}
        rows={2}
        maxlength={2000}
        onFwInput={(event) => setNote(fieldValue(event))}
      />
      <div className="td-row">
        <Button
          color="danger"
          size="small"
          disabled={code === null}
          loading={busy}
          onFwClick={() => {
            if (code)
              void controller.reject({ code, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          {busy ? t("busy.rejecting") : t("button.reject_confirm")}
        </Button>
        <Button color="text" size="small" onFwClick={onClose}>
          {t("button.cancel")}
        </Button>
      </div>
    </section>
  );
}

function Regenerate({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const regenerating = state.busy === "regenerating";
  return (
    <section className="td-section td-regenerate" aria-label={t("button.regenerate")}>
      <Input
        name="tandem-instruction"
        label={t("regenerate.label")}
        placeholder={t("regenerate.placeholder")}
        value={state.instruction}
        maxlength={1000}
        disabled={state.busy !== null}
        onFwInput={(event) => controller.setInstruction(fieldValue(event))}
      />
      <Button
        color="secondary"
        size="small"
        loading={regenerating}
        disabled={state.busy !== null}
        aria-keyshortcuts={ShortcutAria.regenerate}
        onFwClick={() => void controller.regenerate()}
      >
        {regenerating ? t("busy.regenerating") : t("button.regenerate")}
      </Button>
    </section>
  );
}

/** The draft under review: triage, editable reply, why, sources, actions and the decision. */
export function DraftView({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [rejecting, setRejecting] = useState(false);
  const draft = state.draft;
  if (!draft) return null;
  const busy = state.busy !== null;
  // A stale draft is never offered as current: approve/insert wait for the new one.
  const decidable = canDecide(state);
  const emptyReply = state.replyText.trim() === "";
  const language = t.languageName(draft.reply.language);
  return (
    <>
      <Notices state={state} />
      <Triage state={state} />
      <section className="td-section">
        <Textarea
          name="tandem-reply"
          label={t("reply.label")}
          value={state.replyText}
          rows={8}
          maxRows={16}
          resize="vertical"
          maxlength={20000}
          readonly={busy}
          hintText={emptyReply ? t("reply.empty") : t("reply.hint", { language })}
          onFwInput={(event) => controller.setReply(fieldValue(event))}
        />
        {replyWasEdited(state) && <Badge value={t("reply.edited")} color="blue" />}
      </section>
      {draft.rationale.length > 0 && (
        <section className="td-section" aria-labelledby="td-why-heading">
          <h2 id="td-why-heading" className="td-heading">
            {t("why.label")}
          </h2>
          <ul className="td-why">
            {draft.rationale.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      )}
      <Sources state={state} />
      <ActionsList state={state} />
      <div className="td-decide">
        <Button
          color="primary"
          disabled={!decidable || emptyReply}
          loading={state.busy === "approving"}
          aria-keyshortcuts={ShortcutAria.approve}
          onFwClick={() => void controller.approveAndInsert()}
        >
          {state.busy === "approving" ? t("busy.approving") : t("button.approve_insert")}
        </Button>
        <Button
          color="secondary"
          disabled={!decidable || emptyReply}
          loading={state.busy === "inserting"}
          aria-keyshortcuts={ShortcutAria.insert_only}
          onFwClick={() => void controller.insertOnly()}
        >
          {state.busy === "inserting" ? t("busy.inserting") : t("button.insert_only")}
        </Button>
        <Button color="text" disabled={busy} onFwClick={() => setRejecting((open) => !open)}>
          {t("button.reject")}
        </Button>
      </div>
      {rejecting && <RejectPanel onClose={() => setRejecting(false)} />}
      <Regenerate state={state} />
      <section className="td-shortcuts td-muted td-small" aria-label={t("shortcuts.label")}>
        <span>{t("shortcuts.approve")}</span>
        <span>{t("shortcuts.insert")}</span>
        <span>{t("shortcuts.regenerate")}</span>
      </section>
    </>
  );
}
