import { describe, expect, it } from "vitest";
import {
  createTranslator,
  loadCatalog,
  loadLocale,
  loadTranslator,
  resolveLocale,
  SupportedLocales,
} from "./i18n";
import { en } from "./locales/en";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("i18n catalog", () => {
  it("has every English key in every locale, non-empty, with the same placeholders", async () => {
    const keys = Object.keys(en) as Array<keyof typeof en>;
    for (const locale of SupportedLocales) {
      const catalog = await loadCatalog(locale);
      expect(Object.keys(catalog).sort(), `keys of ${locale}`).toEqual([...keys].sort());
      for (const key of keys) {
        const text = catalog[key];
        expect(text.trim().length, `${locale} ${key}`).toBeGreaterThan(0);
        expect(placeholders(text), `${locale} ${key}`).toEqual(placeholders(en[key]));
      }
    }
  });

  it("translates the primary actions (the names browser tests drive)", () => {
    expect(createTranslator("en")("button.approve_insert")).toBe("Approve & insert");
    expect(createTranslator("es")("button.approve_insert")).toBe("Aprobar e insertar");
    expect(createTranslator("pt-BR")("button.insert_only")).toBe("Só inserir");
  });
});

describe("resolveLocale", () => {
  it("maps helpdesk locales to the closest catalog", () => {
    expect(resolveLocale("en-US")).toBe("en");
    expect(resolveLocale("es-419")).toBe("es");
    expect(resolveLocale("fr_CA")).toBe("fr");
    expect(resolveLocale("de-AT")).toBe("de");
    expect(resolveLocale("pt")).toBe("pt-BR");
    expect(resolveLocale("pt-br")).toBe("pt-BR");
    expect(resolveLocale("ja")).toBe("en");
    expect(resolveLocale(undefined)).toBe("en");
    expect(resolveLocale("")).toBe("en");
  });
});

describe("loadLocale", () => {
  it("loads the closest catalog and answers the locale it resolved to", async () => {
    expect(await loadLocale("pt")).toBe("pt-BR");
    expect(await loadLocale("ja")).toBe("en");
    const t = await loadTranslator("es-419");
    expect(t.locale).toBe("es");
    expect(t("button.approve_insert")).toBe("Aprobar e insertar");
  });
});

describe("createTranslator", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    const t = createTranslator("en");
    expect(t("state.error.reference", { requestId: "abc" })).toBe("Reference: abc");
    expect(t("state.error.reference")).toBe("Reference: {requestId}");
  });

  it("uses the singular form for a count of 1", () => {
    const t = createTranslator("de");
    expect(t("approvals.banner", { count: 1, name: "Bot" })).toBe("1 Freigabeanfrage von Bot");
    expect(t("approvals.banner", { count: 3, name: "Bot" })).toBe("3 Freigabeanfragen von Bot");
  });

  it("formats numbers, language names and relative times for the locale", () => {
    const t = createTranslator("fr");
    expect(t.locale).toBe("fr");
    expect(t.number(0.82, { style: "percent" })).toMatch(/82\s?%/);
    expect(t.languageName("es").toLowerCase()).toBe("espagnol");
    const now = new Date("2025-01-01T10:00:00Z");
    expect(t.relativeTime(new Date("2025-01-01T10:05:00Z"), now)).toMatch(/5 minutes/);
  });
});

describe("host vocabulary", () => {
  it("uses Freshdesk's names for neutral values when asked", () => {
    const fd = createTranslator("en", { vocabulary: "freshdesk" });
    expect(fd("priority.normal")).toBe("Medium");
    expect(fd("status.solved")).toBe("Resolved");
    expect(fd("priority.high")).toBe("High");
    expect(createTranslator("de", { vocabulary: "freshdesk" })("priority.normal")).toBe("Mittel");
    expect(createTranslator("en")("priority.normal")).toBe("Normal");
  });

  it("uses the host's singular form too, and the neutral words without a vocabulary", () => {
    const fd = createTranslator("es", { vocabulary: "freshdesk" });
    expect(fd("decided.actions_staged", { count: 1 })).toBe(
      "1 cambio puesto en las propiedades del ticket: haz clic en Actualizar para guardarlo.",
    );
    expect(fd("decided.actions_staged", { count: 2 })).toMatch(/^2 cambios .*Actualizar/);
    const zd = createTranslator("fr", { vocabulary: "zendesk" });
    expect(zd("decided.actions_staged", { count: 3 })).toMatch(/cliquez sur Envoyer/);
    expect(createTranslator("de")("decided.actions_staged", { count: 1 })).toBe(
      "1 Änderung im Formular eingetragen — senden Sie das Ticket ab, um sie zu speichern.",
    );
    // Never "applied" for what only sits in the form, in any language.
    for (const locale of SupportedLocales) {
      const t = createTranslator(locale);
      expect(t("decided.actions_staged", { count: 2 })).not.toBe(
        t("decided.actions_applied", { count: 2 }),
      );
    }
  });
});
