type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** Tiny element builder: h("button", { type: "button", onclick }, "Save"). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") {
      el.addEventListener(name.replace(/^on/, ""), value);
    } else if (name === "value" && "value" in el) {
      (el as HTMLInputElement).value = String(value);
    } else {
      el.setAttribute(name, value === true ? "" : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return el;
}

export function select(
  label: string,
  options: Array<{ value: string; label: string }>,
  value: string,
  onChange: (value: string) => void,
  id: string,
): HTMLElement {
  const control = h(
    "select",
    { id, name: id, onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    ...options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)),
  );
  control.value = value;
  return h("div", { class: "field" }, h("label", { for: id }, label), control);
}

/**
 * Marks a form field (a `.field` wrapper with its label first) as changed but not saved, the way
 * helpdesk forms highlight edits until the agent submits: a class, `data-unsaved` for tests and a
 * visible "Unsaved" badge under the label.
 */
export function markUnsaved(field: HTMLElement, unsaved: boolean): HTMLElement {
  field.classList.toggle("unsaved", unsaved);
  field.toggleAttribute("data-unsaved", unsaved);
  field.querySelector(".unsaved-badge")?.remove();
  // After the label, not inside it: the field's accessible name stays "Priority".
  if (unsaved)
    field
      .querySelector("label, .field-label")
      ?.after(h("span", { class: "unsaved-badge" }, "Unsaved"));
  return field;
}

/** "2 unsaved changes — click Submit to save", or nothing when the form is saved. */
export function unsavedSummary(count: number, button: string): string {
  if (count === 0) return "";
  return `${count} unsaved ${count === 1 ? "change" : "changes"} — click ${button} to save`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString("en-GB", {
    day: "2-digit",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}
