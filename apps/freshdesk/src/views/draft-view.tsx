import {
  canDecide,
  decisionBlocker,
  draftNotice,
  hasDraftEdits,
  type MessageKey,
  missingParamsText,
  primaryTask,
  type ReviewState,
  replyWasEdited,
  ShortcutAria,
} from "@tandem/sidebar";
import { useRef, useState } from "react";
import { Badge } from "../ui/badge";
import { Button, fieldValue, InlineMessage, Input, Textarea } from "../ui/crayons";
import { ActionsList } from "./actions-list";
import { useSidebar } from "./context";
import { CommitmentsNotice, NewerNotice } from "./draft-notices";
import { RejectReasons } from "./reject-reasons";

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
      <NewerNotice state={state} />
      {state.stale && !state.newer && (
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
        <div role="alert" className="td-notice" data-testid="decision-error">
          <InlineMessage type="error" open closable={false}>
            {inline.code === "UNREACHABLE"
              ? t("notice.decision_unreachable")
              : inline.code === "RATE_LIMITED"
                ? t("state.rate_limited")
                : inline.code === "UNBACKED_COMMITMENT"
                  ? t("commitments.server_refused")
                  : inline.code === "TARGET_LOCKED"
                    ? t("issues.target_locked")
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

/**
 * Selects `sentence` in the reply field (Crayons keeps the native textarea in its shadow root),
 * so the agent rewrites the promise at once; the commitment check runs again as they type.
 */
export function selectInReply(container: HTMLElement | null, sentence: string): void {
  const host = container?.querySelector("fw-textarea");
  const textarea =
    host?.shadowRoot?.querySelector("textarea") ?? container?.querySelector("textarea") ?? null;
  if (!textarea) return;
  const needle = sentence.trim();
  let start = textarea.value.indexOf(needle);
  if (start < 0) start = textarea.value.toLowerCase().indexOf(needle.toLowerCase());
  textarea.focus();
  if (start >= 0) textarea.setSelectionRange(start, start + needle.length);
}

/** The draft under review: triage, editable reply, why, sources, actions and the decision. */
export function DraftView({ state }: { state: ReviewState }) {
  const { t, controller } = useSidebar();
  const [rejecting, setRejecting] = useState(false);
  const replyBox = useRef<HTMLDivElement>(null);
  const draft = state.draft;
  if (!draft) return null;
  const busy = state.busy !== null;
  // Stale drafts, unbacked promises and missing required params are never approved in one click
  // (see decisionBlocker).
  const decidable = canDecide(state);
  const blocker = decisionBlocker(state);
  const emptyReply = state.replyText.trim() === "";
  const language = t.languageName(draft.reply.language);
  // A pending bot request is the agent's first task: the draft's approve is secondary then.
  const draftIsPrimary = primaryTask(state) === "draft";
  return (
    <>
      <Notices state={state} />
      <CommitmentsNotice
        state={state}
        onEditSentence={(sentence) => selectInReply(replyBox.current, sentence)}
      />
      <Triage state={state} />
      <section className="td-section" ref={replyBox}>
        <Textarea
          name="tandem-reply"
          label={t("reply.label")}
          value={state.replyText}
          rows={8}
          maxRows={16}
          resize="vertical"
          maxlength={20000}
          readonly={busy}
          data-testid="reply-editor"
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
      {!draftIsPrimary && <p className="td-small td-muted">{t("draft.secondary_hint")}</p>}
      {blocker === "unbacked_commitments" && (
        <p className="td-small td-muted" role="note">
          {t("commitments.blocked")}
        </p>
      )}
      {blocker === "missing_params" && (
        <p className="td-small td-muted" role="note" data-testid="missing-params">
          {missingParamsText(state, t)}
        </p>
      )}
      <div className="td-decide">
        <Button
          color={draftIsPrimary ? "primary" : "secondary"}
          disabled={!decidable || emptyReply}
          loading={state.busy === "approving"}
          aria-keyshortcuts={ShortcutAria.approve}
          data-testid="approve-insert"
          onFwClick={() => void controller.approveAndInsert()}
        >
          {state.busy === "approving" ? t("busy.approving") : t("button.approve_insert")}
        </Button>
        <Button
          color="secondary"
          disabled={!decidable || emptyReply}
          loading={state.busy === "inserting"}
          aria-keyshortcuts={ShortcutAria.insert_only}
          data-testid="insert-only"
          onFwClick={() => void controller.insertOnly()}
        >
          {state.busy === "inserting" ? t("busy.inserting") : t("button.insert_only")}
        </Button>
        <Button color="text" disabled={busy} onFwClick={() => setRejecting((open) => !open)}>
          {t("button.reject")}
        </Button>
      </div>
      {rejecting && (
        <RejectReasons
          title={t("reject.title")}
          confirmLabel={
            state.busy === "rejecting" ? t("busy.rejecting") : t("button.reject_confirm")
          }
          busy={state.busy === "rejecting"}
          onReject={(reason) => void controller.reject(reason)}
          onClose={() => setRejecting(false)}
        />
      )}
      <Regenerate state={state} />
      <section className="td-shortcuts td-muted td-small" aria-label={t("shortcuts.label")}>
        <span>{t("shortcuts.approve")}</span>
        <span>{t("shortcuts.insert")}</span>
        <span>{t("shortcuts.regenerate")}</span>
      </section>
    </>
  );
}
