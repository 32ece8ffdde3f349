const ALLOWED = new Set([
  "P",
  "BR",
  "B",
  "STRONG",
  "I",
  "EM",
  "U",
  "UL",
  "OL",
  "LI",
  "A",
  "BLOCKQUOTE",
  "CODE",
  "PRE",
  "H1",
  "H2",
  "H3",
  "H4",
  "SPAN",
  "DIV",
]);

/**
 * Keeps the formatting tags a helpdesk editor accepts and drops everything else (scripts,
 * handlers, styles), like Zendesk's and Freshdesk's editors do with inserted HTML.
 */
export function sanitizeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const clean = (node: Node, into: Node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === Node.TEXT_NODE) {
        into.appendChild(document.createTextNode(child.textContent ?? ""));
      } else if (child instanceof Element) {
        if (!ALLOWED.has(child.tagName)) {
          if (child.tagName !== "SCRIPT" && child.tagName !== "STYLE") clean(child, into);
          continue;
        }
        const copy = document.createElement(child.tagName.toLowerCase());
        const href = child.getAttribute("href");
        if (child.tagName === "A" && href && /^(https?:|mailto:)/i.test(href)) {
          copy.setAttribute("href", href);
          copy.setAttribute("rel", "noopener noreferrer");
          copy.setAttribute("target", "_blank");
        }
        clean(child, copy);
        into.appendChild(copy);
      }
    }
  };
  const out = document.createElement("div");
  clean(doc.body, out);
  return out.innerHTML;
}

export function escapeText(text: string): string {
  const div = document.createElement("div");
  div.textContent = text;
  return div.innerHTML;
}

/** Plain text → paragraphs, as an editor shows pasted text. */
export function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeText(p).replaceAll("\n", "<br>")}</p>`)
    .join("");
}

/** A small Markdown subset (bold, italics, links, lists, paragraphs) → HTML. */
export function markdownToHtml(markdown: string): string {
  const inline = (s: string) =>
    escapeText(s)
      .replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>")
      .replace(/\*(.+?)\*/g, "<em>$1</em>")
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2">$1</a>');
  return markdown
    .split(/\n{2,}/)
    .map((block) => {
      const lines = block.split("\n");
      if (lines.every((l) => /^\s*[-*] /.test(l))) {
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ""))}</li>`).join("")}</ul>`;
      }
      return `<p>${lines.map(inline).join("<br>")}</p>`;
    })
    .join("");
}

export function htmlToText(html: string): string {
  const div = document.createElement("div");
  div.innerHTML = html.replace(/<\/p>\s*<p>/gi, "</p>\n\n<p>").replace(/<br\s*\/?>/gi, "\n");
  return (div.textContent ?? "").trim();
}
