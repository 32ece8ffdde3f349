import { formatTime, h, markUnsaved, select, unsavedSummary } from "../../shared/browser/dom";
import {
  bootHostPage,
  exposeSimulator,
  type HostPageConfig,
  mountHostPage,
  postJson,
  runHostPage,
} from "../../shared/browser/host-boot";
import { sanitizeHtml } from "../../shared/browser/sanitize";
import { conversationList, subscribeTicketEvents } from "../../shared/browser/sim-chrome";
import type { SimStatus, SimTicket } from "../../shared/sim-ticket";
import { startZafHost } from "./zaf-host";
import { zendeskCss } from "./zendesk-css";

interface BootConfig extends HostPageConfig {
  appGuid: string;
  location: "ticket_sidebar" | "nav_bar";
  metadata: Record<string, unknown>;
  context: Record<string, unknown>;
  account: Record<string, unknown>;
}

const STATUS_LABELS: Record<SimStatus, string> = {
  new: "New",
  open: "Open",
  pending: "Pending",
  hold: "On-hold",
  solved: "Solved",
  closed: "Closed",
};

async function main() {
  const { config, api, workspace, directory, toasts, drawer } =
    await bootHostPage<BootConfig>(zendeskCss);

  /** Fields panel (left) */
  const fieldsPanel = h("section", { class: "zd-fields", "aria-label": "Ticket properties" });
  const renderFields = () => {
    const f = workspace.fields;
    const t = workspace.current();
    // Zendesk highlights what changed in the form until Submit saves it.
    const unsaved = new Set(workspace.unsavedFields());
    const savedCustom = workspace.saved.customFields;
    const assigneeValue = `${f.groupId ?? ""}:${f.assigneeId ?? ""}`;
    const assigneeOptions = [{ value: ":", label: "-" }];
    for (const g of directory.groups) {
      assigneeOptions.push({ value: `${g.id}:`, label: g.name });
      for (const a of directory.agents)
        assigneeOptions.push({ value: `${g.id}:${a.id}`, label: `${g.name} / ${a.name}` });
    }
    if (!assigneeOptions.some((o) => o.value === assigneeValue)) {
      assigneeOptions.push({
        value: assigneeValue,
        label: t.assignee?.name ?? t.group?.name ?? "-",
      });
    }
    const tagsInput = h("input", {
      id: "zd-tags",
      value: f.tags.join(" "),
      onchange: (e: Event) =>
        workspace.setField(
          "tags",
          (e.target as HTMLInputElement).value
            .split(/[\s,]+/)
            .filter(Boolean)
            .map((x) => x.toLowerCase()),
          "agent",
        ),
    });
    fieldsPanel.replaceChildren(
      h(
        "div",
        { class: "field" },
        h("span", { class: "field-label" }, "Requester"),
        h("div", { class: "requester" }, t.requester.name, h("small", {}, t.requester.email ?? "")),
      ),
      markUnsaved(
        select(
          "Assignee",
          assigneeOptions,
          assigneeValue,
          (value) => {
            const [g, a] = value.split(":");
            workspace.setField("groupId", g ? Number(g) : null, "agent");
            workspace.setField("assigneeId", a ? Number(a) : null, "agent");
          },
          "zd-assignee",
        ),
        unsaved.has("groupId") || unsaved.has("assigneeId"),
      ),
      markUnsaved(
        h(
          "div",
          { class: "field" },
          h("label", { for: "zd-tags" }, "Tags"),
          tagsInput,
          h(
            "ul",
            { class: "tag-list", "aria-label": "Tags" },
            ...f.tags.map((tag) => h("li", { class: "tag" }, tag)),
          ),
        ),
        unsaved.has("tags"),
      ),
      markUnsaved(
        select(
          "Type",
          [
            { value: "", label: "-" },
            ...["question", "incident", "problem", "task"].map((v) => ({
              value: v,
              label: v[0]?.toUpperCase() + v.slice(1),
            })),
          ],
          f.type ?? "",
          (v) => workspace.setField("type", v || null, "agent"),
          "zd-type",
        ),
        unsaved.has("type"),
      ),
      markUnsaved(
        select(
          "Priority",
          [
            { value: "", label: "-" },
            ...["low", "normal", "high", "urgent"].map((v) => ({
              value: v,
              label: v[0]?.toUpperCase() + v.slice(1),
            })),
          ],
          f.priority ?? "",
          (v) => workspace.setField("priority", (v || null) as never, "agent"),
          "zd-priority",
        ),
        unsaved.has("priority"),
      ),
      ...Object.entries(f.customFields).map(([id, value]) =>
        markUnsaved(
          h(
            "div",
            { class: "field" },
            h("label", { for: `zd-cf-${id}` }, id.replaceAll("_", " ")),
            h("input", {
              id: `zd-cf-${id}`,
              value: value === null ? "" : String(value),
              onchange: (e: Event) =>
                workspace.setCustomField(id, (e.target as HTMLInputElement).value, "agent"),
            }),
          ),
          JSON.stringify(value ?? null) !== JSON.stringify(savedCustom[id] ?? null),
        ),
      ),
    );
  };

  /** Conversation + composer (center) */
  const header = h("header", { class: "zd-ticket-header" });
  const renderHeader = () => {
    const t = workspace.current();
    const statusUnsaved = t.status !== workspace.saved.status;
    header.replaceChildren(
      h(
        "span",
        {
          class: `status-pill status-${t.status}`,
          "data-testid": "ticket-status",
          "data-unsaved": statusUnsaved,
          title: statusUnsaved ? `Saved as ${STATUS_LABELS[workspace.saved.status]}` : null,
        },
        STATUS_LABELS[t.status],
      ),
      ...(statusUnsaved ? [h("span", { class: "unsaved-badge" }, "Unsaved")] : []),
      h("h1", {}, t.subject),
      h("span", { class: "ticket-id" }, `#${t.id} · via email · ${formatTime(t.createdAt)}`),
    );
  };
  const conversation = h("div", { class: "zd-conversation" });
  const renderConversation = () => {
    conversation.replaceChildren(conversationList(workspace.saved.messages, "Customer"));
  };

  const editor = h("div", {
    class: "zd-editor",
    contenteditable: "true",
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": "Comment editor",
    "data-testid": "host-editor",
  });
  let savedRange: Range | null = null;
  document.addEventListener("selectionchange", () => {
    const sel = document.getSelection();
    if (sel?.rangeCount && editor.contains(sel.anchorNode))
      savedRange = sel.getRangeAt(0).cloneRange();
  });
  editor.addEventListener("input", () => workspace.setEditorHtml(editor.innerHTML, "agent"));
  const insertIntoEditor = (html: string) => {
    const clean = sanitizeHtml(html);
    if (savedRange && editor.contains(savedRange.startContainer)) {
      const fragment = savedRange.createContextualFragment(clean);
      savedRange.deleteContents();
      savedRange.insertNode(fragment);
      savedRange = null;
      workspace.setEditorHtml(editor.innerHTML, "app");
    } else {
      workspace.setEditorHtml(workspace.editor.html + clean, "app");
    }
  };
  const publicTab = h(
    "button",
    {
      type: "button",
      role: "tab",
      class: "tab",
      onclick: () => workspace.openEditor("public", "agent"),
    },
    "Public reply",
  );
  const internalTab = h(
    "button",
    {
      type: "button",
      role: "tab",
      class: "tab",
      onclick: () => workspace.openEditor("internal", "agent"),
    },
    "Internal note",
  );
  const renderEditor = (source: string) => {
    publicTab.setAttribute("aria-selected", String(workspace.editor.public));
    internalTab.setAttribute("aria-selected", String(!workspace.editor.public));
    editor.classList.toggle("internal", !workspace.editor.public);
    if (source !== "agent" && editor.innerHTML !== workspace.editor.html)
      editor.innerHTML = workspace.editor.html;
  };

  const statusSelect = h(
    "select",
    {
      id: "zd-submit-status",
      "aria-label": "Submit as status",
      onchange: (e: Event) =>
        workspace.setField("status", (e.target as HTMLSelectElement).value as SimStatus, "agent"),
    },
    ...(["new", "open", "pending", "hold", "solved"] as SimStatus[]).map((s) =>
      h("option", { value: s }, STATUS_LABELS[s]),
    ),
  );
  const submitButton = h(
    "button",
    { type: "button", class: "zd-submit", onclick: () => void submit() },
    "Submit",
  );
  /** What Submit would save: the form's changes are not on the ticket until then. */
  const unsavedNote = h("span", {
    class: "unsaved-summary",
    role: "status",
    "data-testid": "unsaved-changes",
  });
  const renderSubmit = () => {
    statusSelect.value = workspace.fields.status;
    statusSelect.classList.toggle("unsaved", workspace.fields.status !== workspace.saved.status);
    submitButton.textContent = `Submit as ${STATUS_LABELS[workspace.fields.status]}`;
    unsavedNote.textContent = unsavedSummary(workspace.unsavedFields().length, "Submit");
  };

  /** Apps panel (right) */
  const iframe = h("iframe", {
    src: config.appSrc,
    title: `${config.appName} app`,
    name: "app-sidebar",
    "data-testid": "app-iframe",
    allow: "clipboard-write",
  });
  let visible = true;
  const appsPanel = h(
    "section",
    { class: "zd-apps", "aria-label": "Apps" },
    h(
      "header",
      {},
      h("span", {}, "Apps"),
      h(
        "button",
        {
          type: "button",
          class: "link",
          "aria-expanded": "true",
          onclick: (e: Event) => toggleApps(e.target as HTMLButtonElement),
        },
        "Hide",
      ),
    ),
    h(
      "div",
      { class: "zd-app-frame" },
      h("div", { class: "zd-app-title" }, config.appName),
      iframe,
    ),
  );
  const toggleApps = (button: HTMLButtonElement) => {
    visible = !visible;
    appsPanel.classList.toggle("collapsed", !visible);
    button.textContent = visible ? "Hide" : "Show";
    button.setAttribute("aria-expanded", String(visible));
    zaf.fire(visible ? "app.activated" : "app.deactivated");
    if (visible) zaf.fire("pane.activated");
  };

  const zaf = startZafHost({
    iframe,
    appOrigin: config.appOrigin,
    metadata: config.metadata,
    context: config.context,
    account: config.account,
    workspace,
    proxyUrl: `${config.basePath}/_sim/proxy`,
    log: drawer.log,
    notify: (kind, text) => toasts.show(kind, text),
    resize: ({ height, width }) => {
      if (height) iframe.style.height = /^\d+$/.test(height) ? `${height}px` : height;
      if (width && width !== "100%")
        iframe.style.width = /^\d+$/.test(width) ? `${width}px` : width;
    },
    close: () => appsPanel.classList.add("collapsed"),
    isVisible: () => visible,
    insertIntoEditor,
    applyMacro: (id) => {
      const macro = directory.macros.find((m) => m.id === id);
      if (!macro) return;
      if (macro.html) insertIntoEditor(macro.html);
      if (macro.status) workspace.setField("status", macro.status, "app");
      if (macro.priority) workspace.setField("priority", macro.priority, "app");
      if (macro.type) workspace.setField("type", macro.type, "app");
      const remove = new Set(macro.removeTags ?? []);
      workspace.setField(
        "tags",
        [...new Set([...workspace.fields.tags, ...(macro.addTags ?? [])])].filter(
          (t) => !remove.has(t),
        ),
        "app",
      );
    },
  });

  let submitting = false;
  const submit = async () => {
    if (submitting) return;
    submitting = true;
    submitButton.setAttribute("disabled", "");
    try {
      const hook = await zaf.hook("ticket.save");
      if (!hook.allowed) {
        toasts.show("error", hook.message ?? "An app blocked the update");
        return;
      }
      zaf.fire("ticket.submit.start");
      const res = await postJson(`${api}/save`, workspace.update());
      if (!res.ok) {
        zaf.fire("ticket.submit.fail");
        toasts.show("error", "The ticket could not be updated.");
        return;
      }
      const { ticket } = (await res.json()) as { ticket: SimTicket };
      workspace.markSaved(ticket);
      toasts.show("notice", `Ticket #${ticket.id} updated`);
      zaf.fire("ticket.submit.done", { ticketId: ticket.id });
      zaf.fire("ticket.updated", { ticketId: ticket.id });
    } finally {
      zaf.fire("ticket.submit.always");
      submitting = false;
      submitButton.removeAttribute("disabled");
    }
  };

  workspace.on((change) => {
    if (change.kind === "field" || change.kind === "saved") {
      renderFields();
      renderHeader();
      renderSubmit();
    }
    if (change.kind === "message" || change.kind === "saved") renderConversation();
    if (change.kind === "editor" || change.kind === "saved")
      renderEditor(change.kind === "editor" ? change.source : "server");
  });
  subscribeTicketEvents(`${api}/events`, (ticket) => workspace.receive(ticket));

  mountHostPage({
    prefix: "zd",
    product: "Zendesk",
    badge: "Simulated workspace",
    agentName: directory.currentUser.name,
    main: [
      fieldsPanel,
      h(
        "section",
        { class: "zd-center", "aria-label": "Ticket" },
        header,
        conversation,
        h(
          "div",
          { class: "zd-composer" },
          h(
            "div",
            { role: "tablist", class: "tabs", "aria-label": "Comment type" },
            publicTab,
            internalTab,
          ),
          editor,
          h("div", { class: "zd-submit-row" }, unsavedNote, statusSelect, submitButton),
        ),
      ),
      appsPanel,
    ],
    drawer,
    toasts,
  });
  renderFields();
  renderHeader();
  renderConversation();
  renderEditor("server");
  renderSubmit();

  exposeSimulator({
    platform: "zendesk",
    ticket: () => workspace.current(),
    /** The ticket as last saved: what Zendesk would have stored. */
    savedTicket: () => workspace.saved,
    unsavedFields: () => workspace.unsavedFields(),
    editorHtml: () => workspace.editor.html,
    log: () => drawer.log.entries(),
    subscriptions: () => Object.fromEntries(zaf.subscriptions),
    fire: zaf.fire,
    hook: zaf.hook,
    submit,
  });
}

runHostPage(main);
