/**
 * Typed facade over Crayons' React wrappers (they ship as `any`-typed proxies). Importing a
 * wrapper defines its custom element from the bundled `dist/components` build, so nothing loads
 * from a CDN. Events are Crayons custom events (`fwClick`, `fwInput`, `fwChange`, `fwSelect`).
 */
import {
  FwButton,
  FwCheckbox,
  FwInlineMessage,
  FwInput,
  FwRadio,
  FwRadioGroup,
  FwSkeleton,
  FwSpinner,
  FwTextarea,
} from "@freshworks/crayons/react";
import type { ComponentType, CSSProperties, ReactNode } from "react";

interface Common {
  id?: string;
  className?: string;
  style?: CSSProperties;
  children?: ReactNode;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "aria-keyshortcuts"?: string;
  "aria-expanded"?: boolean;
  /** Stable hooks for the end-to-end tests (on the custom element's host node). */
  "data-testid"?: string;
  title?: string;
}

export interface FieldEvent {
  detail: { value?: unknown; name?: string; meta?: { checked?: boolean } };
}

export interface ButtonProps extends Common {
  color?: "primary" | "secondary" | "danger" | "link" | "text";
  size?: "normal" | "small" | "icon" | "icon-small";
  disabled?: boolean;
  loading?: boolean;
  type?: "button" | "submit" | "reset";
  onFwClick?: () => void;
}

export interface TextareaProps extends Common {
  name: string;
  label?: string;
  value?: string;
  placeholder?: string;
  rows?: number;
  maxRows?: number;
  maxlength?: number;
  readonly?: boolean;
  disabled?: boolean;
  required?: boolean;
  resize?: "none" | "both" | "horizontal" | "vertical";
  hintText?: string;
  onFwInput?: (event: FieldEvent) => void;
}

export interface InputProps extends Common {
  name: string;
  label?: string;
  value?: string;
  /** fw-input hands its type to the native input inside, so `date` draws the browser's date picker. */
  type?: "text" | "number" | "date" | "email" | "url";
  placeholder?: string;
  maxlength?: number;
  /** `number` only: the bounds and step of the native input. */
  min?: number;
  max?: number;
  step?: string;
  required?: boolean;
  disabled?: boolean;
  readonly?: boolean;
  hintText?: string;
  errorText?: string;
  state?: "normal" | "warning" | "error";
  onFwInput?: (event: FieldEvent) => void;
}

export interface CheckboxProps extends Common {
  name?: string;
  checked?: boolean;
  disabled?: boolean;
  description?: string;
  onFwChange?: (event: FieldEvent) => void;
}

export interface RadioGroupProps extends Common {
  name: string;
  label?: string;
  value?: string;
  allowEmpty?: boolean;
}

export interface RadioProps extends Common {
  value: string;
  checked?: boolean;
  disabled?: boolean;
  onFwSelect?: () => void;
}

export interface InlineMessageProps extends Common {
  type?: "success" | "warning" | "info" | "error";
  open?: boolean;
  closable?: boolean;
}

export interface SkeletonProps extends Common {
  variant?: "circle" | "rect" | "text";
  count?: number;
  width?: string;
  height?: string;
  marginBottom?: string;
  effect?: "pulse" | "sheen" | "none";
}

export interface SpinnerProps extends Common {
  size?: "micro" | "small" | "medium" | "large" | "default";
}

export const Button = FwButton as ComponentType<ButtonProps>;
export const Textarea = FwTextarea as ComponentType<TextareaProps>;
export const Input = FwInput as ComponentType<InputProps>;
export const Checkbox = FwCheckbox as ComponentType<CheckboxProps>;
export const RadioGroup = FwRadioGroup as ComponentType<RadioGroupProps>;
export const Radio = FwRadio as ComponentType<RadioProps>;
export const InlineMessage = FwInlineMessage as ComponentType<InlineMessageProps>;
export const Skeleton = FwSkeleton as ComponentType<SkeletonProps>;
export const Spinner = FwSpinner as ComponentType<SpinnerProps>;

/** The string value of a Crayons field event. */
export function fieldValue(event: FieldEvent): string {
  const value = event.detail?.value;
  return typeof value === "string"
    ? value
    : value === undefined || value === null
      ? ""
      : String(value);
}
