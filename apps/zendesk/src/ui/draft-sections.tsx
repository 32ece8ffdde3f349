import type {
  Citation,
  Draft,
  ProposedAction,
  RejectionReasonCode,
  TicketContext,
} from "@tandem/shared";
import { RejectionReasonCodes } from "@tandem/shared";
import {
  type ActionDescription,
  describeAction,
  effectiveParams,
  type FieldIssue,
  fieldIssueText,
  humanize,
  type MessageKey,
  type ParamFieldSource,
  type ParamFieldView,
  paramFieldValue,
  paramFieldViews,
  type RiskTone,
  riskTone,
} from "@tandem/sidebar";
import { Anchor, Button } from "@zendeskgarden/react-buttons";
import { Checkbox, Field, Input, Radio, Select, Textarea } from "@zendeskgarden/react-forms";
import { Tag } from "@zendeskgarden/react-tags";
import { forwardRef, useId, useState } from "react";
import { useT } from "./i18n-context";
import {
  Change,
  Muted,
  PlainList,
  Row,
  Section,
  SectionTitle,
  Stack,
  VisuallyHidden,
} from "./styles";

const SENTIMENT_HUE = { negative: "red", neutral: "grey", positive: "green" } as const;
const URGENCY_HUE = { low: "grey", normal: "blue", high: "yellow", urgent: "red" } as const;
/** Garden's hue for each risk tone of the sidebar core. */
const RISK_TONE_HUE: Record<RiskTone, "grey" | "yellow" | "red"> = {
  neutral: "grey",
  warning: "yellow",
  danger: "red",
};

export function TriageChips({ draft }: { draft: Draft }) {
  const t = useT();
  const { triage } = draft;
  const sentiment = t(`sentiment.${triage.sentiment}` as MessageKey);
  const urgency = t(`urgency.${triage.urgency}` as MessageKey);
  const confidence = t.number(triage.confidence, { style: "percent", maximumFractionDigits: 0 });
  const chips = [
    {
      key: "intent",
      text: humanize(triage.intent),
      label: t("triage.intent", { value: humanize(triage.intent) }),
      hue: "blue",
    },
    {
      key: "sentiment",
      text: sentiment,
      label: t("triage.sentiment", { value: sentiment }),
      hue: SENTIMENT_HUE[triage.sentiment],
    },
    {
      key: "urgency",
      text: urgency,
      label: t("triage.urgency", { value: urgency }),
      hue: URGENCY_HUE[triage.urgency],
    },
    {
      key: "language",
      text: triage.language.toUpperCase(),
      label: t("triage.language", { value: t.languageName(triage.language) }),
      hue: "grey",
    },
    {
      key: "confidence",
      text: confidence,
      label: t("triage.confidence", { value: confidence }),
      hue: "grey",
    },
  ];
  return (
    <Row role="list" aria-label={t("triage.label")}>
      {chips.map((chip) => (
        <Tag
          key={chip.key}
          hue={chip.hue}
          size="small"
          role="listitem"
          aria-label={chip.label}
          title={chip.label}
        >
          <span aria-hidden="true">{chip.text}</span>
        </Tag>
      ))}
    </Row>
  );
}

interface ReplyEditorProps {
  draft: Draft;
  value: string;
  edited: boolean;
  disabled: boolean;
  /** The draft is decided: the reply is shown as decided, never offered for editing. */
  decided?: boolean;
  onChange: (text: string) => void;
}

/** The reply textarea; the ref lets the promise notice select a sentence in it. */
export const ReplyEditor = forwardRef<HTMLTextAreaElement, ReplyEditorProps>(
  function ReplyEditor(props, ref) {
    const t = useT();
    return (
      <Field>
        <Row>
          <Field.Label>{t("reply.label")}</Field.Label>
          {props.edited && (
            <Tag size="small" hue="blue">
              {t("reply.edited")}
            </Tag>
          )}
        </Row>
        <Field.Hint>
          {t(props.decided ? "reply.hint_decided" : "reply.hint", {
            language: t.languageName(props.draft.reply.language),
          })}
        </Field.Hint>
        <Textarea
          ref={ref}
          data-testid="reply-editor"
          value={props.value}
          minRows={6}
          maxRows={20}
          isResizable
          readOnly={props.disabled}
          lang={props.draft.reply.language}
          onChange={(event) => props.onChange(event.target.value)}
        />
        {props.value.trim() === "" && (
          <Field.Message validation="warning">{t("reply.empty")}</Field.Message>
        )}
      </Field>
    );
  },
);

/**
 * Focuses the reply editor and selects `sentence` in it, so the agent can rewrite the promise
 * at once; the commitment check runs again as they type.
 */
export function selectSentence(textarea: HTMLTextAreaElement | null, sentence: string): void {
  if (!textarea) return;
  const text = textarea.value;
  const needle = sentence.trim();
  let start = text.indexOf(needle);
  if (start < 0) start = text.toLowerCase().indexOf(needle.toLowerCase());
  textarea.focus();
  if (start < 0) return;
  textarea.setSelectionRange(start, start + needle.length);
}

export function WhyAndSources({ draft }: { draft: Draft }) {
  const t = useT();
  return (
    <>
      {draft.rationale.length > 0 && (
        <Section aria-labelledby="tandem-why">
          <SectionTitle id="tandem-why">{t("why.label")}</SectionTitle>
          {draft.rationale.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </Section>
      )}
      {draft.citations.length > 0 && (
        <Section aria-labelledby="tandem-sources">
          <SectionTitle id="tandem-sources">{t("sources.label")}</SectionTitle>
          <PlainList>
            {draft.citations.map((citation) => (
              <li key={`${citation.kind}-${citation.id}`}>
                <SourceLink citation={citation} />
              </li>
            ))}
          </PlainList>
        </Section>
      )}
    </>
  );
}

function SourceLink({ citation }: { citation: Citation }) {
  const t = useT();
  const label = citation.internal
    ? t("sources.internal_label", { title: citation.title })
    : citation.title;
  const safeUrl = citation.url && /^https?:\/\//i.test(citation.url) ? citation.url : undefined;
  return (
    <Row>
      {safeUrl ? (
        <Anchor href={safeUrl} target="_blank" rel="noopener noreferrer" aria-label={label}>
          {citation.title}
        </Anchor>
      ) : (
        <span>
          {citation.title}
          {citation.internal && <VisuallyHidden> ({t("sources.internal")})</VisuallyHidden>}
        </span>
      )}
      {citation.kind === "macro" && <Muted>({t("sources.macro")})</Muted>}
      {citation.internal && (
        <Tag size="small" hue="yellow" aria-hidden="true">
          {t("sources.internal")}
        </Tag>
      )}
    </Row>
  );
}

export function ChangeText({ description }: { description: ActionDescription }) {
  return (
    <Change>
      {description.before !== undefined && (
        <>
          <span className="before">{description.before}</span> <span aria-hidden="true">
            →
          </span>{" "}
        </>
      )}
      <span>{description.after}</span>
    </Change>
  );
}

export function Badges({
  action,
  unchanged,
}: {
  action: Pick<ProposedAction, "approval" | "risk" | "kind"> & { addedBy?: "drafter" | "agent" };
  unchanged: boolean;
}) {
  const t = useT();
  return (
    <Row>
      {action.approval === "auto" ? (
        <Tag size="small" hue="grey" title={t("actions.auto_label")}>
          {t("actions.auto")}
        </Tag>
      ) : (
        <Tag size="small" hue="blue" title={t("actions.approve_label")}>
          {t("actions.approve")}
        </Tag>
      )}
      {action.risk !== "low" && (
        <Tag
          size="small"
          hue={RISK_TONE_HUE[riskTone(action.risk)]}
          title={t(`risk.${action.risk}`)}
        >
          <span aria-hidden="true">{"⚠\u00a0"}</span>
          {t(`risk.${action.risk}`)}
        </Tag>
      )}
      {action.addedBy === "agent" && (
        <Tag size="small" hue="teal">
          {t("actions.added_by_agent")}
        </Tag>
      )}
      {action.kind === "business" && <Muted>{t("actions.business")}</Muted>}
      {unchanged && <Muted>{t("actions.unchanged")}</Muted>}
    </Row>
  );
}

interface ActionsListProps {
  draft: Draft;
  ticket: TicketContext;
  selected: Record<string, boolean>;
  paramEdits: Record<string, Record<string, unknown>>;
  /** Field-level problems the server reported for the last decision. */
  issues: FieldIssue[];
  disabled: boolean;
  onToggle: (id: string, checked: boolean) => void;
  onParam: (id: string, key: string, value: unknown) => void;
}

export function ActionsList(props: ActionsListProps) {
  const t = useT();
  const { draft } = props;
  const count = draft.actions.filter((action) => props.selected[action.id] !== false).length;
  return (
    <Section aria-labelledby="tandem-actions">
      <SectionTitle id="tandem-actions">{t("actions.label")}</SectionTitle>
      {draft.actions.length === 0 ? (
        <Muted>{t("actions.none")}</Muted>
      ) : (
        <>
          <PlainList>
            {draft.actions.map((action) => (
              <ActionItem key={action.id} action={action} {...props} />
            ))}
          </PlainList>
          <Muted aria-live="polite">
            {t("actions.selected", { count, total: draft.actions.length })}
          </Muted>
        </>
      )}
    </Section>
  );
}

function ActionItem({ action, ...props }: ActionsListProps & { action: ProposedAction }) {
  const t = useT();
  const issues = props.issues.filter((issue) => issue.actionId === action.id);
  // An action the agent just added (to back a promise) opens with its fields, as do problems.
  const [editing, setEditing] = useState(action.addedBy === "agent");
  const params = effectiveParams(action, props.paramEdits[action.id]);
  const description = describeAction({ ...action, params }, props.ticket, t);
  const checked = props.selected[action.id] !== false;
  // Business actions: a field for every param the policy declares, given or not.
  const fields = action.kind === "business" ? paramFieldViews(action, params, t) : [];
  const shown = new Set(fields.map((field) => field.name));
  const editable = fields.length > 0;
  const open = editable && (editing || issues.length > 0);
  const detailsId = useId();
  return (
    <li data-testid="action-item" data-action-id={action.id}>
      <Field>
        <Checkbox
          checked={checked}
          disabled={props.disabled}
          onChange={(event) => props.onToggle(action.id, event.target.checked)}
          aria-describedby={detailsId}
        >
          <Field.Label>
            {/* Name "Apply <label>" for assistive tech and tests; the row is what sighted agents scan. */}
            <VisuallyHidden>
              {t("actions.apply_label", { action: description.label })}
            </VisuallyHidden>
            <Row aria-hidden="true">
              <span>{description.label}</span>
              <ChangeText description={description} />
            </Row>
          </Field.Label>
        </Checkbox>
      </Field>
      <Stack $gap="xxs" id={detailsId} style={{ paddingInlineStart: 24 }}>
        <VisuallyHidden>
          <ChangeText description={description} />
        </VisuallyHidden>
        <Badges action={action} unchanged={description.unchanged} />
        {action.rationale && <Muted>{t("actions.why", { text: action.rationale })}</Muted>}
        {editable && (
          <Button
            isBasic
            size="small"
            style={{ alignSelf: "flex-start" }}
            onClick={() => setEditing(!open)}
            aria-expanded={open}
            disabled={props.disabled}
          >
            {open ? t("actions.edit_done") : t("actions.edit")}
          </Button>
        )}
        {open && (
          <ParamEditor
            action={action}
            params={params}
            issues={issues}
            disabled={props.disabled}
            onParam={(key, value) => props.onParam(action.id, key, value)}
            label={description.label}
          />
        )}
        <IssueList
          issues={issues.filter(
            (issue) => !open || issue.param === null || !shown.has(issue.param),
          )}
        />
      </Stack>
    </li>
  );
}

/** Problems the server reported that no param field shows ("Check-out: must be after …"). */
export function IssueList({ issues }: { issues: FieldIssue[] }) {
  const t = useT();
  if (issues.length === 0) return null;
  return (
    <PlainList role="alert" data-testid="field-issues">
      {issues.map((issue) => (
        <li key={`${issue.param ?? ""}:${issue.message}`}>
          <Field.Message validation="error">{fieldIssueText(issue, t)}</Field.Message>
        </li>
      ))}
    </PlainList>
  );
}

function LockIcon() {
  return (
    <svg
      width="12"
      height="12"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      style={{ verticalAlign: "-1px" }}
    >
      <path
        fill="currentColor"
        d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z"
      />
    </svg>
  );
}

/**
 * The params of a business action (or a bot request) as fields: one for every param the policy
 * declares, drawn with the native input for its type (date, number, select, checkbox). Target
 * params name the object the action changes (the booking, the order): read-only with a lock,
 * since approving a changed target is refused (`TARGET_LOCKED`); the others stay editable.
 */
export function ParamEditor(props: {
  action: ParamFieldSource;
  params: Record<string, unknown>;
  label: string;
  issues: FieldIssue[];
  disabled: boolean;
  onParam: (key: string, value: unknown) => void;
}) {
  const t = useT();
  return (
    <Stack $gap="xs">
      {paramFieldViews(props.action, props.params, t).map((field) => (
        <ParamInput
          key={field.name}
          field={field}
          label={t("actions.param_label", { action: props.label, param: field.label })}
          issues={props.issues.filter((issue) => issue.param === field.name)}
          disabled={props.disabled}
          onParam={(value) => props.onParam(field.name, value)}
        />
      ))}
    </Stack>
  );
}

const INPUT_TYPE = { text: "text", number: "number", date: "date", email: "email", url: "url" };

function ParamInput(props: {
  field: ParamFieldView;
  label: string;
  issues: FieldIssue[];
  disabled: boolean;
  onParam: (value: unknown) => void;
}) {
  const t = useT();
  const { field } = props;
  const validation = props.issues.length > 0 ? ("error" as const) : undefined;
  const messages = props.issues.map((issue) => (
    <Field.Message key={issue.message} validation="error" role="alert">
      {issue.message}
    </Field.Message>
  ));
  if (field.locked) {
    return (
      <Field>
        <Field.Label>{props.label}</Field.Label>
        <Input
          isCompact
          readOnly
          value={field.text}
          data-testid="locked-param"
          data-param={field.name}
        />
        <Field.Hint>
          <LockIcon /> {t("actions.locked")}
        </Field.Hint>
        {messages}
      </Field>
    );
  }
  if (field.control === "checkbox") {
    return (
      <Field>
        <Checkbox
          checked={field.value === true}
          disabled={props.disabled}
          data-param={field.name}
          onChange={(event) => props.onParam(paramFieldValue(field, event.target.checked))}
        >
          <Field.Label isRegular>{props.label}</Field.Label>
        </Checkbox>
        {messages}
      </Field>
    );
  }
  if (field.control === "select") {
    return (
      <Field>
        <Field.Label>{props.label}</Field.Label>
        <Select
          isCompact
          value={field.text}
          disabled={props.disabled}
          required={field.required}
          validation={validation}
          data-param={field.name}
          onChange={(event) => props.onParam(paramFieldValue(field, event.target.value))}
        >
          {/* Nothing chosen yet: the agent picks one (a required one must be picked to approve). */}
          <option value="">{t("actions.choose")}</option>
          {field.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </Select>
        {messages}
      </Field>
    );
  }
  return (
    <Field>
      <Field.Label>{props.label}</Field.Label>
      <Input
        isCompact
        type={INPUT_TYPE[field.control]}
        {...(field.control === "number"
          ? { step: field.step, min: field.min, max: field.max }
          : {})}
        value={field.text}
        disabled={props.disabled}
        required={field.required}
        validation={validation}
        data-param={field.name}
        onChange={(event) => props.onParam(paramFieldValue(field, event.target.value))}
      />
      {messages}
    </Field>
  );
}

/** Why the agent rejects: a reason code and an optional note (drafts and bot requests alike). */
export function RejectForm(props: {
  disabled: boolean;
  /** Defaults to the draft's wording ("Why reject this draft?", "Reject draft"). */
  title?: string;
  confirmLabel?: string;
  onCancel: () => void;
  onReject: (code: RejectionReasonCode, note: string) => void;
}) {
  const t = useT();
  const [code, setCode] = useState<RejectionReasonCode | null>(null);
  const [note, setNote] = useState("");
  const name = useId();
  return (
    <Section aria-labelledby={`${name}-title`} data-testid="reject-form">
      <SectionTitle id={`${name}-title`}>{props.title ?? t("reject.title")}</SectionTitle>
      <div role="radiogroup" aria-label={t("reject.reason")}>
        {RejectionReasonCodes.map((reason) => (
          <Field key={reason}>
            <Radio
              name={name}
              value={reason}
              checked={code === reason}
              onChange={() => setCode(reason)}
            >
              <Field.Label isRegular>{t(`reject.${reason}`)}</Field.Label>
            </Radio>
          </Field>
        ))}
      </div>
      <Field>
        <Field.Label>{t("reject.note")}</Field.Label>
        <Textarea
          minRows={2}
          maxRows={6}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </Field>
      <Row>
        <Button
          isDanger
          size="small"
          disabled={code === null || props.disabled}
          onClick={() => code && props.onReject(code, note)}
        >
          {props.confirmLabel ?? t("button.reject_confirm")}
        </Button>
        <Button isBasic size="small" onClick={props.onCancel}>
          {t("button.cancel")}
        </Button>
      </Row>
    </Section>
  );
}
