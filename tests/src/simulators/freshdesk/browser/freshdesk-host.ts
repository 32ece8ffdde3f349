import { formatTime, h, markUnsaved, select, unsavedSummary } from "../../shared/browser/dom";
import {
  bootHostPage,
  exposeSimulator,
  type HostPageConfig,
  mountHostPage,
  postJson,
  runHostPage,
} from "../../shared/browser/host-boot";
import { htmlToText } from "../../shared/browser/sanitize";
import { conversationList, subscribeTicketEvents } from "../../shared/browser/sim-chrome";
import type { SimTicket } from "../../shared/sim-ticket";
import {
  FD_PRIORITY,
  FD_PRIORITY_FROM,
  FD_PRIORITY_LABEL,
  FD_STATUS,
  FD_STATUS_FROM,
  FD_STATUS_LABEL,
} from "../freshdesk-shapes";
import { startFreshHost } from "./fresh-host";
import { freshdeskCss } from "./freshdesk-css";

interface BootConfig extends HostPageConfig {
  instanceId: string;
  iparams: Record<string, unknown>;
  domain: string;
  types: string[];
}

async function main() {
  const { config, api, workspace, directory, toasts, drawer } =
    await bootHostPage<BootConfig>(freshdeskCss);
  const hiddenElements = new Set<string>();

  /** Properties form */
  const props = h("section", { class: "fd-props", "aria-label": "Ticket properties" });
  const updateButton = h(
    "button",
    { type: "button", class: "fd-button fd-primary", onclick: () => void updateProperties() },
    "Update",
  );
  /** Properties set in the form (by the agent or an app) stay unsaved until Update. */
  const unsavedNote = h("p", {
    class: "unsaved-summary",
    role: "status",
    "data-testid": "unsaved-changes",
  });
  const renderProps = () => {
    const f = workspace.fields;
    const unsaved = new Set(workspace.unsavedFields());
    const savedCustom = workspace.saved.customFields;
    const wrap = (id: string, el: HTMLElement, changed = false) => {
      if (hiddenElements.has(id)) el.classList.add("hidden-field");
      return markUnsaved(el, changed);
    };
    unsavedNote.textContent = unsavedSummary(unsaved.size, "Update");
    props.replaceChildren(
      h("h2", {}, "Properties"),
      wrap(
        "tag",
        h(
          "div",
          { class: "field" },
          h("label", { for: "fd-tags" }, "Tags"),
          h("input", {
            id: "fd-tags",
            value: f.tags.join(", "),
            onchange: (e: Event) =>
              workspace.setField(
                "tags",
                (e.target as HTMLInputElement).value
                  .split(",")
                  .map((t) => t.trim())
                  .filter(Boolean),
                "agent",
              ),
          }),
          h(
            "ul",
            { class: "tag-list", "aria-label": "Tags" },
            ...f.tags.map((t) => h("li", { class: "tag" }, t)),
          ),
        ),
        unsaved.has("tags"),
      ),
      wrap(
        "ticket_type",
        select(
          "Type",
          [
            { value: "", label: "--" },
            ...config.types.map((t) => ({ value: t.toLowerCase(), label: t })),
          ],
          f.type ?? "",
          (v) => workspace.setField("type", v || null, "agent"),
          "fd-type",
        ),
        unsaved.has("type"),
      ),
      wrap(
        "status",
        select(
          "Status",
          Object.entries(FD_STATUS_LABEL).map(([id, label]) => ({ value: id, label })),
          String(FD_STATUS[f.status]),
          (v) => {
            const s = FD_STATUS_FROM[Number(v)];
            if (s) workspace.setField("status", s, "agent");
          },
          "fd-status",
        ),
        unsaved.has("status"),
      ),
      wrap(
        "priority",
        select(
          "Priority",
          Object.entries(FD_PRIORITY_LABEL).map(([id, label]) => ({ value: id, label })),
          String(f.priority ? FD_PRIORITY[f.priority] : 1),
          (v) => workspace.setField("priority", FD_PRIORITY_FROM[Number(v)] ?? null, "agent"),
          "fd-priority",
        ),
        unsaved.has("priority"),
      ),
      wrap(
        "group",
        select(
          "Group",
          [
            { value: "", label: "--" },
            ...directory.groups.map((g) => ({ value: String(g.id), label: g.name })),
          ],
          String(f.groupId ?? ""),
          (v) => workspace.setField("groupId", v ? Number(v) : null, "agent"),
          "fd-group",
        ),
        unsaved.has("groupId"),
      ),
      markUnsaved(
        select(
          "Agent",
          [
            { value: "", label: "--" },
            ...directory.agents.map((a) => ({ value: String(a.id), label: a.name })),
          ],
          String(f.assigneeId ?? ""),
          (v) => workspace.setField("assigneeId", v ? Number(v) : null, "agent"),
          "fd-agent",
        ),
        unsaved.has("assigneeId"),
      ),
      ...Object.entries(f.customFields).map(([id, value]) =>
        wrap(
          id,
          h(
            "div",
            { class: "field" },
            h("label", { for: `fd-${id}` }, id.replace(/^cf_/, "").replaceAll("_", " ")),
            h("input", {
              id: `fd-${id}`,
              value: value === null ? "" : String(value),
              onchange: (e: Event) =>
                workspace.setCustomField(id, (e.target as HTMLInputElement).value, "agent"),
            }),
          ),
          JSON.stringify(value ?? null) !== JSON.stringify(savedCustom[id] ?? null),
        ),
      ),
      unsavedNote,
      updateButton,
    );
  };

  /** Ticket, conversation and reply editor */
  const heading = h("div", {});
  const renderHeading = () => {
    const t = workspace.saved;
    heading.replaceChildren(
      h("h1", {}, t.subject),
      h(
        "div",
        { class: "fd-meta" },
        `#${t.id} · ${t.requester.name} <${t.requester.email ?? ""}> · ${formatTime(t.createdAt)}`,
      ),
    );
  };
  const conversation = h("div", {});
  const renderConversation = () =>
    conversation.replaceChildren(conversationList(workspace.saved.messages, "Requester"));

  const editor = h("div", {
    class: "fd-editor",
    contenteditable: "true",
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": "Reply editor",
    "data-testid": "host-editor",
  });
  editor.addEventListener("input", () => workspace.setEditorHtml(editor.innerHTML, "agent"));
  const editorTitle = h("header", {});
  const sendButton = h(
    "button",
    { type: "button", class: "fd-button fd-primary", onclick: () => void sendReply() },
    "Send",
  );
  const editorBox = h(
    "section",
    { class: "fd-editor-box", "aria-label": "Reply", hidden: true },
    editorTitle,
    editor,
    h(
      "footer",
      {},
      h(
        "button",
        { type: "button", class: "fd-button", onclick: () => workspace.closeEditor("agent") },
        "Discard",
      ),
      sendButton,
    ),
  );
  const renderEditor = (source: string) => {
    editorBox.hidden = !workspace.editor.open;
    editorTitle.textContent = workspace.editor.public
      ? `Reply to ${workspace.saved.requester.email ?? workspace.saved.requester.name}`
      : "Private note";
    sendButton.textContent = workspace.editor.public ? "Send" : "Add note";
    editor.classList.toggle("internal", !workspace.editor.public);
    if (source !== "agent" && editor.innerHTML !== workspace.editor.html)
      editor.innerHTML = workspace.editor.html;
  };
  const replyButton = h(
    "button",
    {
      type: "button",
      class: "fd-button",
      onclick: () => {
        fresh.emit("ticket.replyClick", {});
        workspace.openEditor("public", "agent");
        editor.focus();
      },
    },
    "Reply",
  );
  const noteButton = h(
    "button",
    {
      type: "button",
      class: "fd-button",
      onclick: () => {
        fresh.emit("ticket.notesClick", {});
        workspace.openEditor("internal", "agent");
        editor.focus();
      },
    },
    "Add note",
  );

  /** Apps sidebar */
  const iframe = h("iframe", {
    title: `${config.appName} app`,
    name: "app-sidebar",
    "data-testid": "app-iframe",
  });
  let open = true;
  const toggle = h(
    "button",
    {
      type: "button",
      class: "fd-app-toggle",
      "aria-expanded": "true",
      onclick: () => {
        open = !open;
        apps.classList.toggle("collapsed", !open);
        toggle.setAttribute("aria-expanded", String(open));
        fresh.emit(open ? "app.activated" : "app.deactivated", {});
      },
    },
    config.appName,
  );
  const apps = h(
    "section",
    { class: "fd-apps", "aria-label": "Apps" },
    h("header", {}, h("h2", {}, "Apps"), toggle),
    iframe,
  );

  const dialog = h("dialog", { class: "fd-dialog" });
  const fresh = startFreshHost({
    iframe,
    appOrigin: config.appOrigin,
    instanceId: config.instanceId,
    workspace,
    iparams: config.iparams,
    domain: config.domain,
    dataUrl: `${config.basePath}/_sim/data/${config.ticketId}`,
    invokeTemplateUrl: `${config.basePath}/_sim/invoke-template`,
    log: drawer.log,
    notify: (type, message, title) => toasts.show(type, message, title),
    confirm: (o) =>
      new Promise((resolve) => {
        const choose = (label: string) => {
          dialog.close();
          resolve(label);
        };
        dialog.replaceChildren(
          o.title ? h("h2", {}, o.title) : "",
          h("p", {}, o.message),
          h(
            "div",
            { class: "fd-actions" },
            h(
              "button",
              { type: "button", class: "fd-button", onclick: () => choose(o.cancelLabel) },
              o.cancelLabel,
            ),
            h(
              "button",
              { type: "button", class: "fd-button fd-primary", onclick: () => choose(o.saveLabel) },
              o.saveLabel,
            ),
          ),
        );
        dialog.showModal();
      }),
    resize: (height) => {
      iframe.style.height = `${height}px`;
    },
    close: () => {
      open = false;
      apps.classList.add("collapsed");
    },
    navigate: (id) => {
      location.href = `${config.basePath}/tickets/${id}`;
    },
    setElementState: (id, state) => {
      if (state === "hide") hiddenElements.add(id);
      if (state === "show") hiddenElements.delete(id);
      if (id === "reply") replyButton.toggleAttribute("disabled", state === "disable");
      if (id === "note") noteButton.toggleAttribute("disabled", state === "disable");
      renderProps();
    },
  });
  // The platform activates a ticket_sidebar app when its pane is open.
  iframe.addEventListener("load", () =>
    setTimeout(() => open && fresh.emit("app.activated", {}), 0),
  );
  iframe.src = config.appSrc;

  const save = async (body: unknown) => {
    const res = await postJson(`${api}/save`, body);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return ((await res.json()) as { ticket: SimTicket }).ticket;
  };

  const sendReply = async () => {
    const html = workspace.editor.html;
    if (!htmlToText(html)) {
      toasts.show("error", "Write a reply first.");
      return;
    }
    const isPublic = workspace.editor.public;
    const event = isPublic ? "ticket.sendReply" : "ticket.addNote";
    const payload = { body: html, body_text: htmlToText(html), private: !isPublic };
    const verdict = await fresh.intercept(event, payload);
    if (!verdict.allowed) {
      toasts.show("danger", verdict.message ?? "An app blocked sending");
      return;
    }
    sendButton.setAttribute("disabled", "");
    try {
      const ticket = await save({ comment: { html, public: isPublic } });
      workspace.saved = ticket;
      workspace.closeEditor("server");
      renderConversation();
      toasts.show("success", isPublic ? "Reply sent" : "Note added");
      fresh.emit(event, payload);
    } catch {
      toasts.show("danger", "The reply could not be sent.");
    } finally {
      sendButton.removeAttribute("disabled");
    }
  };

  const updateProperties = async () => {
    const update = workspace.update();
    delete update.comment;
    const verdict = await fresh.intercept("ticket.propertiesUpdated", {});
    if (!verdict.allowed) {
      toasts.show("danger", verdict.message ?? "An app blocked the update");
      return;
    }
    try {
      const ticket = await save(update);
      const editorState = workspace.editor;
      workspace.markSaved(ticket);
      if (editorState.open) {
        workspace.openEditor(editorState.public ? "public" : "internal", "server");
        workspace.setEditorHtml(editorState.html, "server");
      }
      toasts.show("success", "The ticket has been updated");
      fresh.emit("ticket.propertiesUpdated", {});
    } catch {
      toasts.show("danger", "The ticket could not be updated.");
    }
  };

  workspace.on((change) => {
    if (change.kind === "field" || change.kind === "saved") renderProps();
    if (change.kind === "message" || change.kind === "saved") renderConversation();
    // New activity from elsewhere (the customer wrote): Freshdesk's page fires `ticket.updated`,
    // which the official sidebar sample subscribes to (freshdesk-platform.md, events).
    if (change.kind === "message") fresh.emit("ticket.updated", {});
    if (change.kind === "editor" || change.kind === "saved")
      renderEditor(change.kind === "editor" ? change.source : "server");
  });
  subscribeTicketEvents(`${api}/events`, (ticket) => workspace.receive(ticket));

  mountHostPage({
    prefix: "fd",
    product: "Freshdesk",
    badge: "Simulated ticket page",
    agentName: directory.currentUser.name,
    main: [
      h(
        "section",
        { class: "fd-center", "aria-label": "Ticket" },
        heading,
        h("div", { class: "fd-actions" }, replyButton, noteButton),
        editorBox,
        conversation,
      ),
      props,
      apps,
    ],
    drawer,
    toasts,
    extra: [dialog],
  });
  renderHeading();
  renderProps();
  renderConversation();
  renderEditor("server");

  exposeSimulator({
    platform: "freshdesk",
    ticket: () => workspace.current(),
    /** The ticket as last saved: what Freshdesk would have stored. */
    savedTicket: () => workspace.saved,
    unsavedFields: () => workspace.unsavedFields(),
    editorHtml: () => workspace.editor.html,
    editorOpen: () => workspace.editor.open,
    log: () => drawer.log.entries(),
    emit: fresh.emit,
    intercept: fresh.intercept,
    sendReply,
    updateProperties,
  });
}

runHostPage(main);
