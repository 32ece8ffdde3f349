import {
  canDecide,
  decisionBlocker,
  draftNotice,
  type HostClient,
  hasDraftEdits,
  matchShortcut,
  missingParamsText,
  primaryTask,
  type ReviewController,
  type ReviewState,
  replyWasEdited,
  ShortcutAria,
} from "@tandem/sidebar";
import { Button } from "@zendeskgarden/react-buttons";
import { Field, Input } from "@zendeskgarden/react-forms";
import { Alert } from "@zendeskgarden/react-notifications";
import { type KeyboardEvent, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { ApprovalsPanel } from "./approvals-panel";
import { DecidedPanel } from "./decided-panel";
import { CommitmentsNotice, NewerNotice } from "./draft-notices";
import {
  ActionsList,
  RejectForm,
  ReplyEditor,
  selectSentence,
  TriageChips,
  WhyAndSources,
} from "./draft-sections";
import { useT } from "./i18n-context";
import { LoadingSkeleton, StateScreen } from "./states";
import { ButtonRow, Muted, Page, Row, Stack, VisuallyHidden } from "./styles";

export function useReviewState(controller: ReviewController): ReviewState {
  return useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
}

/** Keeps the sidebar iframe as tall as its content (Zendesk does not size iframes itself). */
function useAutoResize(host: HostClient) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    let last = 0;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const height = Math.ceil(element.getBoundingClientRect().height);
        if (height > 0 && Math.abs(height - last) > 1) {
          last = height;
          host.resize(height);
        }
      });
    });
    observer.observe(element);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [host]);
  return ref;
}

export function Sidebar({ controller, host }: { controller: ReviewController; host: HostClient }) {
  const t = useT();
  const state = useReviewState(controller);
  const ref = useAutoResize(host);
  const [rejecting, setRejecting] = useState(false);

  useEffect(() => {
    if (state.phase !== "ready") setRejecting(false);
  }, [state.phase]);

  const ready = state.phase === "ready" && state.draft !== null;
  const onKeyDown = (event: KeyboardEvent) => {
    const shortcut = matchShortcut(event);
    if (!shortcut) return;
    // A decided draft stays decided: only a newer customer message warrants a new one.
    if (shortcut === "regenerate" && (state.phase === "ready" || state.stale)) {
      event.preventDefault();
      void controller.regenerate();
      return;
    }
    // The one-click shortcuts follow the buttons: blocked by an unbacked promise or a stale
    // draft, and never for the draft while a bot request is the primary task.
    if (!ready || !canDecide(state) || primaryTask(state) === "approval") return;
    event.preventDefault();
    if (shortcut === "approve") void controller.approveAndInsert();
    if (shortcut === "insert_only") void controller.insertOnly();
  };

  return (
    <Page
      ref={ref}
      aria-label={t("app.sidebar_label")}
      onKeyDown={onKeyDown}
      aria-busy={state.phase === "loading"}
    >
      <Header state={state} />
      <ApprovalsPanel state={state} controller={controller} />
      {state.phase === "loading" && <LoadingSkeleton />}
      {state.phase === "no_reply_needed" && (
        <Alert type="info" role="status" data-testid="no-reply-needed">
          <Alert.Title>{t("state.no_reply_needed.title")}</Alert.Title>
          <Alert.Paragraph>{t("state.no_reply_needed.body")}</Alert.Paragraph>
        </Alert>
      )}
      {(state.phase === "ready" || state.phase === "decided") && state.draft && state.ticket && (
        <DraftView
          state={state}
          controller={controller}
          rejecting={rejecting}
          setRejecting={setRejecting}
        />
      )}
      {!["loading", "ready", "decided", "no_reply_needed"].includes(state.phase) && (
        <StateScreen state={state} onRetry={() => void controller.reload()} />
      )}
    </Page>
  );
}

function Header({ state }: { state: ReviewState }) {
  const t = useT();
  const draft = state.draft;
  const seconds = draft ? t.number(draft.latencyMs / 1000, { maximumFractionDigits: 1 }) : "";
  return (
    <Row as="header" style={{ justifyContent: "space-between" }}>
      <h1 style={{ margin: 0, fontSize: "inherit" }}>{t("app.name")}</h1>
      {draft && (
        <Muted
          // A labelled span needs a role (axe aria-prohibited-attr); the visible text is a shorthand.
          role="img"
          aria-label={
            draft.mode === "model"
              ? t("header.mode_model_label", { model: draft.model ?? "", seconds })
              : t("header.mode_offline_label")
          }
        >
          <span aria-hidden="true">
            {draft.mode === "model"
              ? t("header.mode_model", { seconds })
              : t("header.mode_offline")}
          </span>
        </Muted>
      )}
    </Row>
  );
}

function DraftView({
  state,
  controller,
  rejecting,
  setRejecting,
}: {
  state: ReviewState;
  controller: ReviewController;
  rejecting: boolean;
  setRejecting: (value: boolean) => void;
}) {
  const t = useT();
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const draft = state.draft;
  const ticket = state.ticket;
  if (!draft || !ticket) return null;
  const notice = draftNotice(draft);
  const decided = state.phase === "decided";
  const busy = state.busy !== null;
  const locked = busy || decided;
  const blocked = !canDecide(state);
  const blocker = decisionBlocker(state);
  // A pending bot request is the agent's first task: the draft's approve is secondary then.
  const draftIsPrimary = primaryTask(state) === "draft";

  return (
    <Stack $gap="md">
      {decided && <DecidedPanel state={state} controller={controller} />}
      {state.newer && <NewerNotice state={state} controller={controller} />}
      {state.stale && !state.newer && (
        <Alert type="warning" role="alert">
          <Alert.Title>{t("notice.stale.title")}</Alert.Title>
          <Alert.Paragraph>
            {state.busy === "redrafting" ? t("notice.redrafting") : t("notice.stale.body")}
          </Alert.Paragraph>
          {state.busy !== "redrafting" && hasDraftEdits(state) && (
            <Alert.Paragraph>{t("notice.stale.edited")}</Alert.Paragraph>
          )}
          <Stack>
            <Button size="small" onClick={() => void controller.reload()}>
              {t("button.refresh")}
            </Button>
          </Stack>
        </Alert>
      )}
      {state.draftUpdated && !state.stale && (
        <Alert type="success" role="status">
          <Alert.Paragraph>{t("notice.updated")}</Alert.Paragraph>
        </Alert>
      )}
      {notice?.kind === "offline" && (
        <Alert type="info">
          <Alert.Title>{t("notice.offline.title")}</Alert.Title>
          <Alert.Paragraph>{t("notice.offline.body")}</Alert.Paragraph>
        </Alert>
      )}
      {notice?.kind === "model_failed" && (
        <Alert type="warning">
          <Alert.Title>{t("notice.model_failed.title")}</Alert.Title>
          <Alert.Paragraph>
            {t("notice.model_failed.body", { reason: notice.reason })}
          </Alert.Paragraph>
        </Alert>
      )}
      {!decided && (
        <CommitmentsNotice
          state={state}
          controller={controller}
          onEditSentence={(sentence) => selectSentence(replyRef.current, sentence)}
        />
      )}
      <TriageChips draft={draft} />
      <ReplyEditor
        ref={replyRef}
        draft={draft}
        value={state.replyText}
        edited={replyWasEdited(state)}
        disabled={locked}
        decided={decided}
        onChange={controller.setReply}
      />
      <WhyAndSources draft={draft} />
      {/* Decided: the panel above lists each action with what the helpdesk did. */}
      {!decided && (
        <ActionsList
          draft={draft}
          ticket={ticket}
          selected={state.selected}
          paramEdits={state.paramEdits}
          issues={state.fieldIssues}
          disabled={locked}
          onToggle={controller.toggleAction}
          onParam={controller.setActionParam}
        />
      )}
      {state.inlineError && (
        <Alert type="error" role="alert" data-testid="decision-error">
          <Alert.Paragraph>{inlineErrorText(state, t)}</Alert.Paragraph>
        </Alert>
      )}
      {!decided && !draftIsPrimary && <Muted>{t("draft.secondary_hint")}</Muted>}
      {!decided && blocker === "unbacked_commitments" && (
        <Muted role="note">{t("commitments.blocked")}</Muted>
      )}
      {!decided && blocker === "missing_params" && (
        <Muted role="note" data-testid="missing-params">
          {missingParamsText(state, t)}
        </Muted>
      )}
      {!decided && (
        <ButtonRow>
          <Button
            isPrimary={draftIsPrimary}
            disabled={blocked}
            data-testid="approve-insert"
            aria-keyshortcuts={ShortcutAria.approve}
            title={t("shortcuts.approve")}
            onClick={() => void controller.approveAndInsert()}
          >
            {state.busy === "approving" ? t("busy.approving") : t("button.approve_insert")}
          </Button>
          <Button
            disabled={blocked}
            data-testid="insert-only"
            aria-keyshortcuts={ShortcutAria.insert_only}
            title={t("shortcuts.insert")}
            onClick={() => void controller.insertOnly()}
          >
            {state.busy === "inserting" ? t("busy.inserting") : t("button.insert_only")}
          </Button>
          <Button
            isDanger
            disabled={locked}
            aria-expanded={rejecting}
            onClick={() => setRejecting(!rejecting)}
          >
            {state.busy === "rejecting" ? t("busy.rejecting") : t("button.reject")}
          </Button>
        </ButtonRow>
      )}
      {rejecting && !decided && (
        <RejectForm
          disabled={locked}
          onCancel={() => setRejecting(false)}
          onReject={(code, note) => void controller.reject({ code, note })}
        />
      )}
      {(!decided || state.stale) && <RegenerateForm state={state} controller={controller} />}
      <VisuallyHidden>
        {t("shortcuts.label")}: {t("shortcuts.approve")}; {t("shortcuts.insert")};{" "}
        {t("shortcuts.regenerate")}
      </VisuallyHidden>
    </Stack>
  );
}

/** Why the decision was not recorded, in the agent's words (the draft and edits stay). */
function inlineErrorText(state: ReviewState, t: ReturnType<typeof useT>): string {
  const error = state.inlineError;
  if (!error) return "";
  switch (error.code) {
    case "UNREACHABLE":
      return t("notice.decision_unreachable");
    case "RATE_LIMITED":
      return t("state.rate_limited");
    case "UNBACKED_COMMITMENT":
      return t("commitments.server_refused");
    case "TARGET_LOCKED":
      return t("issues.target_locked");
    default:
      return t("notice.decision_failed", { message: error.message });
  }
}

function RegenerateForm({
  state,
  controller,
}: {
  state: ReviewState;
  controller: ReviewController;
}) {
  const t = useT();
  const regenerating = state.busy === "regenerating";
  const disabled = state.busy !== null;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void controller.regenerate();
      }}
    >
      <Field>
        <Field.Label>{t("regenerate.label")}</Field.Label>
        <Row style={{ flexWrap: "nowrap" }}>
          <Input
            isCompact
            value={state.instruction}
            placeholder={t("regenerate.placeholder")}
            maxLength={1000}
            disabled={disabled}
            onChange={(event) => controller.setInstruction(event.target.value)}
          />
          <Button
            type="submit"
            size="small"
            disabled={disabled}
            aria-keyshortcuts={ShortcutAria.regenerate}
            title={t("shortcuts.regenerate")}
          >
            {regenerating ? t("busy.regenerating") : t("button.regenerate")}
          </Button>
        </Row>
      </Field>
    </form>
  );
}
