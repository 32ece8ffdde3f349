import {
  editableParams,
  type FieldIssue,
  isLockedParam,
  paramFromInput,
  paramLabel,
} from "@tandem/shared/sidebar";
import { fieldValue, Input } from "../ui/crayons";
import { useSidebar } from "./context";

function LockIcon() {
  return (
    <svg
      className="td-lock"
      width="12"
      height="12"
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
    >
      <path
        fill="currentColor"
        d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 6H6V4.5a2 2 0 1 1 4 0V7Z"
      />
    </svg>
  );
}

/**
 * The scalar params of a business action (or a bot request) as fields. Target params name the
 * object the action changes (the booking, the order): read-only with a lock, since approving a
 * changed target is refused (`TARGET_LOCKED`); the others stay editable.
 */
export function ParamFields({
  idPrefix,
  action,
  params,
  label,
  issues,
  disabled,
  onParam,
}: {
  /** Unique per action: Crayons uses the field name as the input's id. */
  idPrefix: string;
  action: {
    params: Record<string, unknown>;
    targetParams?: string[];
    addedBy?: "drafter" | "agent";
  };
  params: Record<string, unknown>;
  label: string;
  issues: FieldIssue[];
  disabled: boolean;
  onParam: (key: string, value: unknown) => void;
}) {
  const { t } = useSidebar();
  return (
    <div className="td-params">
      {editableParams(action.params).map(([key, original]) => {
        const name = paramLabel(key, t);
        const value = params[key];
        const text = value === undefined || value === null ? "" : String(value);
        const aria = t("actions.param_label", { action: label, param: name });
        if (isLockedParam(action, key)) {
          return (
            <div key={key} className="td-locked" data-testid="locked-param" data-param={key}>
              <Input
                name={`${idPrefix}-${key}`}
                label={name}
                aria-label={aria}
                value={text}
                readonly
                hintText={t("actions.locked")}
              />
              <LockIcon />
            </div>
          );
        }
        const problems = issues.filter((issue) => issue.param === key);
        return (
          <Input
            key={key}
            name={`${idPrefix}-${key}`}
            label={name}
            aria-label={aria}
            type={typeof original === "number" ? "number" : "text"}
            value={text}
            disabled={disabled}
            {...(problems.length > 0
              ? { state: "error" as const, errorText: problems.map((p) => p.message).join(" ") }
              : {})}
            onFwInput={(event) => onParam(key, paramFromInput(original, fieldValue(event)))}
          />
        );
      })}
    </div>
  );
}
