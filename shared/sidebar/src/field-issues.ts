import { isTandemApiError } from "./api";
import { humanize } from "./describe-action";
import type { MessageKey, Translator } from "./i18n";

/** One field-level problem the server reported, ready to show next to the field. */
export interface FieldIssue {
  /** The draft action or approval request it belongs to; null when the server named none. */
  actionId: string | null;
  /** The param, when the path names one (`checkOut`); null otherwise. */
  param: string | null;
  /** The param's label in the agent's language (`paramLabel`), or "" without a param. */
  label: string;
  /** What is wrong, in the agent's language where the server said which rule failed. */
  message: string;
}

/** A param's label in the agent's language: `param.<key>` when the catalog has it, else humanized. */
export function paramLabel(key: string, t: Translator): string {
  const messageKey = `param.${key}` as MessageKey;
  const text = t(messageKey);
  return text === messageKey ? humanize(key) : text;
}

/** "Check-out: must be after Check-in (2025-02-03)", or the bare message without a field. */
export function fieldIssueText(issue: FieldIssue, t: Translator): string {
  return issue.label
    ? t("issues.field", { field: issue.label, message: issue.message })
    : issue.message;
}

type Issue = {
  path: string;
  message: string;
  keyword?: string;
  params?: Record<string, string | number | boolean>;
};

/** The server's rule (`keyword` + `params`) in the agent's words; its English text otherwise. */
function issueMessage(issue: Issue, t: Translator): string {
  if (!issue.keyword) return issue.message;
  const key = `issue.${issue.keyword}` as MessageKey;
  const limit = issue.params?.limit;
  const field = issue.params?.field;
  const fieldName = typeof field === "string" ? field.split(".").pop() : undefined;
  const other = fieldName ? paramLabel(fieldName, t) : undefined;
  const bound =
    other !== undefined
      ? limit !== undefined
        ? `${other} (${String(limit)})`
        : other
      : limit !== undefined
        ? typeof limit === "number"
          ? t.number(limit)
          : String(limit)
        : "";
  const text = t(key, { limit: bound });
  return text === key ? issue.message : text;
}

/**
 * The field-level issues of a failed decision (`400` cross-field checks, `409 TARGET_LOCKED`).
 * Paths are dotted (`actions.0.params.checkOut` for a draft decision, `params.bookingId` for an
 * approval request); `actionIds` maps a draft decision's action index to its id, `actionId`
 * names the approval request the whole error is about.
 */
export function fieldIssuesFrom(
  error: unknown,
  t: Translator,
  where: { actionIds?: readonly string[]; actionId?: string } = {},
): FieldIssue[] {
  if (!isTandemApiError(error) || !error.issues) return [];
  return error.issues.map((issue) => {
    const segments = issue.path.split(/[./]/).filter(Boolean);
    let actionId = where.actionId ?? null;
    const at = segments.indexOf("actions");
    const ref = at >= 0 ? segments[at + 1] : undefined;
    if (!where.actionId && ref !== undefined) {
      actionId = /^\d+$/.test(ref) ? (where.actionIds?.[Number(ref)] ?? null) : ref;
    }
    const paramsAt = segments.indexOf("params");
    const param =
      paramsAt >= 0
        ? (segments[paramsAt + 1] ?? null)
        : where.actionId && segments.length === 1
          ? (segments[0] ?? null)
          : null;
    return {
      actionId,
      param,
      label: param ? paramLabel(param, t) : "",
      message: issueMessage(issue, t),
    };
  });
}
