/**
 * Light-DOM stand-ins for the Crayons React wrappers, for jsdom. Each keeps the prop names and
 * fires the custom-event callbacks (`onFwClick`, `onFwInput`, `onFwChange`, `onFwSelect`) with the
 * `detail` shape Crayons 4.2 emits, so the views run exactly as they do in the browser.
 */
import type { ReactNode } from "react";

type Props = Record<string, unknown> & { children?: ReactNode };

const aria = (props: Props) =>
  Object.fromEntries(
    Object.entries(props).filter(
      ([key]) => key.startsWith("aria-") || key.startsWith("data-") || key === "title",
    ),
  );

export function FwButton(props: Props) {
  const blocked = Boolean(props.disabled) || Boolean(props.loading);
  return (
    <button
      type="button"
      data-color={String(props.color ?? "primary")}
      disabled={blocked}
      aria-busy={props.loading ? true : undefined}
      {...aria(props)}
      onClick={() => (props.onFwClick as (() => void) | undefined)?.()}
    >
      {props.children}
    </button>
  );
}

function fieldEvent(name: unknown, value: string) {
  return { detail: { name, value } };
}

export function FwTextarea(props: Props) {
  const id = String(props.name);
  return (
    <div>
      {props.label ? <label htmlFor={id}>{String(props.label)}</label> : null}
      <textarea
        id={id}
        name={id}
        value={String(props.value ?? "")}
        readOnly={Boolean(props.readonly)}
        disabled={Boolean(props.disabled)}
        placeholder={props.placeholder as string | undefined}
        onChange={(event) =>
          (props.onFwInput as ((e: unknown) => void) | undefined)?.(
            fieldEvent(props.name, event.target.value),
          )
        }
        {...aria(props)}
      />
      {props.hintText ? <span>{String(props.hintText)}</span> : null}
    </div>
  );
}

export function FwInput(props: Props) {
  const id = String(props.name);
  return (
    <div>
      {props.label ? <label htmlFor={id}>{String(props.label)}</label> : null}
      <input
        id={id}
        name={id}
        type={String(props.type ?? "text")}
        value={String(props.value ?? "")}
        disabled={Boolean(props.disabled)}
        readOnly={Boolean(props.readonly)}
        required={Boolean(props.required)}
        min={props.min as number | undefined}
        max={props.max as number | undefined}
        step={props.step as string | undefined}
        aria-invalid={props.state === "error" ? true : undefined}
        placeholder={props.placeholder as string | undefined}
        onChange={(event) =>
          (props.onFwInput as ((e: unknown) => void) | undefined)?.(
            fieldEvent(props.name, event.target.value),
          )
        }
        {...aria(props)}
      />
      {props.hintText ? <span>{String(props.hintText)}</span> : null}
      {props.errorText ? <span>{String(props.errorText)}</span> : null}
    </div>
  );
}

export function FwCheckbox(props: Props) {
  return (
    <input
      type="checkbox"
      name={props.name as string | undefined}
      checked={Boolean(props.checked)}
      disabled={Boolean(props.disabled)}
      onChange={(event) =>
        (props.onFwChange as ((e: unknown) => void) | undefined)?.({
          detail: { name: props.name, value: "", meta: { checked: event.target.checked } },
        })
      }
      {...aria(props)}
    />
  );
}

export function FwRadioGroup(props: Props) {
  return (
    <div role="radiogroup" {...aria(props)}>
      {props.children}
    </div>
  );
}

export function FwRadio(props: Props) {
  return (
    <label>
      <input
        type="radio"
        value={String(props.value)}
        checked={Boolean(props.checked)}
        onChange={(event) => {
          if (event.target.checked) (props.onFwSelect as (() => void) | undefined)?.();
        }}
      />
      {props.children}
    </label>
  );
}

export function FwInlineMessage(props: Props) {
  return props.open === false ? null : (
    <div data-type={String(props.type ?? "info")}>{props.children}</div>
  );
}

export function FwSkeleton() {
  return <div aria-hidden="true" data-skeleton="" />;
}

export function FwSpinner() {
  return <span aria-hidden="true" />;
}
