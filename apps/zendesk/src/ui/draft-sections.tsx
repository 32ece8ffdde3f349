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
  humanize,
  type MessageKey,
} from "@tandem/shared/sidebar";
import { Anchor, Button } from "@zendeskgarden/react-buttons";
import { Checkbox, Field, Input, Radio, Textarea } from "@zendeskgarden/react-forms";
import { Tag } from "@zendeskgarden/react-tags";
import { useId, useState } from "react";
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
const RISK_HUE = { low: "grey", medium: "yellow", high: "red" } as const;

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

export function ReplyEditor(props: {
  draft: Draft;
  value: string;
  edited: boolean;
  disabled: boolean;
  onChange: (text: string) => void;
}) {
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
        {t("reply.hint", { language: t.languageName(props.draft.reply.language) })}
      </Field.Hint>
      <Textarea
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
  action: Pick<ProposedAction, "approval" | "risk" | "kind">;
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
        <Tag size="small" hue={RISK_HUE[action.risk]} title={t(`risk.${action.risk}`)}>
          <span aria-hidden="true">{"⚠\u00a0"}</span>
          {t(`risk.${action.risk}`)}
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
  const [editing, setEditing] = useState(false);
  const params = effectiveParams(action, props.paramEdits[action.id]);
  const description = describeAction({ ...action, params }, props.ticket, t);
  const checked = props.selected[action.id] !== false;
  const editable =
    action.kind === "business" && Object.values(action.params).some(isEditableScalar);
  const detailsId = useId();
  return (
    <li>
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
            onClick={() => setEditing(!editing)}
            aria-expanded={editing}
            disabled={props.disabled}
          >
            {editing ? t("actions.edit_done") : t("actions.edit")}
          </Button>
        )}
        {editable && editing && (
          <ParamEditor
            action={action}
            params={params}
            disabled={props.disabled}
            onParam={props.onParam}
            label={description.label}
          />
        )}
      </Stack>
    </li>
  );
}

function isEditableScalar(value: unknown): value is string | number {
  return typeof value === "string" || typeof value === "number";
}

function ParamEditor(props: {
  action: ProposedAction;
  params: Record<string, unknown>;
  label: string;
  disabled: boolean;
  onParam: (id: string, key: string, value: unknown) => void;
}) {
  const t = useT();
  return (
    <Stack $gap="xs">
      {Object.entries(props.action.params)
        .filter(([, value]) => isEditableScalar(value))
        .map(([key, original]) => {
          const value = props.params[key];
          const numeric = typeof original === "number";
          return (
            <Field key={key}>
              <Field.Label>
                {t("actions.param_label", { action: props.label, param: humanize(key) })}
              </Field.Label>
              <Input
                isCompact
                type={numeric ? "number" : "text"}
                step={numeric ? "any" : undefined}
                value={value === undefined || value === null ? "" : String(value)}
                disabled={props.disabled}
                onChange={(event) => {
                  const raw = event.target.value;
                  const next = numeric ? (raw === "" ? raw : Number(raw)) : raw;
                  props.onParam(props.action.id, key, Number.isNaN(next) ? raw : next);
                }}
              />
            </Field>
          );
        })}
    </Stack>
  );
}

export function RejectForm(props: {
  disabled: boolean;
  onCancel: () => void;
  onReject: (code: RejectionReasonCode, note: string) => void;
}) {
  const t = useT();
  const [code, setCode] = useState<RejectionReasonCode | null>(null);
  const [note, setNote] = useState("");
  const name = useId();
  return (
    <Section aria-labelledby={`${name}-title`}>
      <SectionTitle id={`${name}-title`}>{t("reject.title")}</SectionTitle>
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
          {t("button.reject_confirm")}
        </Button>
        <Button isBasic size="small" onClick={props.onCancel}>
          {t("button.cancel")}
        </Button>
      </Row>
    </Section>
  );
}
