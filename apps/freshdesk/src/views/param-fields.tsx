import {
  type FieldIssue,
  type ParamFieldSource,
  type ParamFieldView,
  paramFieldValue,
  paramFieldViews,
} from "@tandem/sidebar";
import { Checkbox, fieldValue, Input, type InputProps } from "../ui/crayons";
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
 * A target param, read-only. Crayons' fw-input keeps its editable look when read-only (its
 * shadow root cannot be styled from here), so this is a plain read-only input dressed as a
 * Crayons disabled field — grey fill, lock inside — but focusable and readable at full contrast.
 */
function LockedField({ id, field, aria }: { id: string; field: ParamFieldView; aria: string }) {
  const { t } = useSidebar();
  return (
    <div className="td-locked" data-testid="locked-param" data-param={field.name}>
      <label className="td-field-label" htmlFor={id}>
        {field.label}
      </label>
      <div className="td-readonly">
        <LockIcon />
        <input
          id={id}
          className="td-readonly-input"
          type="text"
          readOnly
          value={field.text}
          aria-label={aria}
          aria-describedby={`${id}-hint`}
          data-param={field.name}
        />
      </div>
      <p id={`${id}-hint`} className="td-field-hint">
        {t("actions.locked")}
      </p>
    </div>
  );
}

/**
 * A param with allowed values. A native select dressed as a Crayons field: fw-select would pull
 * Crayons' whole translation runtime (some 140 lazy chunks, ~2 MB) into the app for one list.
 */
function EnumSelect(props: {
  id: string;
  field: ParamFieldView;
  aria: string;
  error: string;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  const { t } = useSidebar();
  const { field } = props;
  return (
    <div className="td-field">
      <label className="td-field-label" htmlFor={props.id}>
        {field.label}
        {field.required && (
          <span className="td-required" aria-hidden="true">
            *
          </span>
        )}
      </label>
      <select
        id={props.id}
        className="td-select"
        value={field.text}
        required={field.required}
        disabled={props.disabled}
        aria-label={props.aria}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        data-param={field.name}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {/* Nothing chosen yet: the agent picks one (a required one must be picked to approve). */}
        <option value="">{t("actions.choose")}</option>
        {field.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {props.error && (
        <p id={`${props.id}-error`} className="td-field-hint td-error-text">
          {props.error}
        </p>
      )}
    </div>
  );
}

const INPUT_TYPE: Record<
  Exclude<ParamFieldView["control"], "select" | "checkbox">,
  InputProps["type"]
> = { text: "text", number: "number", date: "date", email: "email", url: "url" };

/**
 * The params of a business action (or a bot request) as fields: one for every param the policy
 * declares, drawn with the Crayons field for its type (date, number, select, checkbox). Target
 * params name the object the action changes (the booking, the order): read-only with a lock,
 * since approving a changed target is refused (`TARGET_LOCKED`); the others stay editable.
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
  action: ParamFieldSource;
  params: Record<string, unknown>;
  label: string;
  issues: FieldIssue[];
  disabled: boolean;
  onParam: (key: string, value: unknown) => void;
}) {
  const { t } = useSidebar();
  return (
    <div className="td-params">
      {paramFieldViews(action, params, t).map((field) => {
        const name = `${idPrefix}-${field.name}`;
        const aria = t("actions.param_label", { action: label, param: field.label });
        if (field.locked)
          return <LockedField key={field.name} id={name} field={field} aria={aria} />;
        const problems = issues.filter((issue) => issue.param === field.name);
        const error =
          problems.length > 0
            ? { state: "error" as const, errorText: problems.map((p) => p.message).join(" ") }
            : {};
        const set = (input: string | boolean) => onParam(field.name, paramFieldValue(field, input));
        if (field.control === "checkbox") {
          return (
            <Checkbox
              key={field.name}
              name={name}
              checked={field.value === true}
              disabled={disabled}
              aria-label={aria}
              data-param={field.name}
              onFwChange={(event) => set(event.detail.meta?.checked ?? field.value !== true)}
            >
              {field.label}
            </Checkbox>
          );
        }
        if (field.control === "select") {
          return (
            <EnumSelect
              key={field.name}
              id={name}
              field={field}
              aria={aria}
              error={problems.map((p) => p.message).join(" ")}
              disabled={disabled}
              onChange={set}
            />
          );
        }
        return (
          <Input
            key={field.name}
            name={name}
            label={field.label}
            aria-label={aria}
            type={INPUT_TYPE[field.control]}
            {...(field.control === "number"
              ? {
                  step: field.step,
                  ...(field.min !== undefined ? { min: field.min } : {}),
                  ...(field.max !== undefined ? { max: field.max } : {}),
                }
              : {})}
            value={field.text}
            required={field.required}
            disabled={disabled}
            data-param={field.name}
            {...error}
            onFwInput={(event) => set(fieldValue(event))}
          />
        );
      })}
    </div>
  );
}
