import type { Catalog, MessageKey } from "./locales/en";

export type { Catalog, MessageKey } from "./locales/en";

export const SupportedLocales = ["en", "es", "fr", "de", "pt-BR"] as const;
export type SupportedLocale = (typeof SupportedLocales)[number];

/**
 * Every catalog is a chunk of its own and an agent loads only theirs (`loadLocale`): the sidebar
 * bundle carries no text, so no agent downloads a language they do not read.
 */
const catalogLoaders: Record<SupportedLocale, () => Promise<Catalog>> = {
  en: () => import("./locales/en").then((module) => module.en),
  es: () => import("./locales/es").then((module) => module.es),
  fr: () => import("./locales/fr").then((module) => module.fr),
  de: () => import("./locales/de").then((module) => module.de),
  "pt-BR": () => import("./locales/pt-br").then((module) => module.ptBR),
};

const loadedCatalogs: Partial<Record<SupportedLocale, Catalog>> = {};
const loadingCatalogs = new Map<SupportedLocale, Promise<Catalog>>();

/** The catalog of a locale, loading its chunk the first time (concurrent calls share one load). */
export function loadCatalog(locale: SupportedLocale): Promise<Catalog> {
  const loaded = loadedCatalogs[locale];
  if (loaded) return Promise.resolve(loaded);
  let loading = loadingCatalogs.get(locale);
  if (!loading) {
    loading = catalogLoaders[locale]().then((catalog) => {
      loadedCatalogs[locale] = catalog;
      return catalog;
    });
    loading.catch(() => loadingCatalogs.delete(locale));
    loadingCatalogs.set(locale, loading);
  }
  return loading;
}

/**
 * Loads the catalog closest to a helpdesk locale, so that `createTranslator` speaks it; when it
 * cannot be loaded, English is loaded instead.
 */
export async function loadLocale(locale: string | null | undefined): Promise<SupportedLocale> {
  const resolved = resolveLocale(locale);
  try {
    await loadCatalog(resolved);
    return resolved;
  } catch {
    await loadCatalog("en").catch(() => undefined);
    return "en";
  }
}

/** `loadLocale` then `createTranslator`: what an app calls once it knows the agent's locale. */
export async function loadTranslator(
  locale: string | null | undefined,
  options: TranslatorOptions = {},
): Promise<Translator> {
  await loadLocale(locale);
  return createTranslator(locale, options);
}

/**
 * Maps a helpdesk locale (`pt-BR`, `pt`, `es-419`, `fr_CA`, `de-AT`, `EN-us` …) to the closest
 * catalog; anything unknown falls back to English.
 */
export function resolveLocale(locale: string | null | undefined): SupportedLocale {
  if (!locale) return "en";
  const normalized = locale.trim().replace(/_/g, "-").toLowerCase();
  const exact = SupportedLocales.find((supported) => supported.toLowerCase() === normalized);
  if (exact) return exact;
  const language = normalized.split("-")[0];
  if (language === "pt") return "pt-BR";
  return SupportedLocales.find((supported) => supported === language) ?? "en";
}

export type MessageVars = Record<string, string | number>;

export interface Translator {
  (key: MessageKey, vars?: MessageVars): string;
  readonly locale: SupportedLocale;
  /** Locale-aware number formatting, e.g. `t.number(0.82, { style: "percent" })`. */
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** The language's own display name in the agent's locale (`es` → "Spanish"). */
  languageName(code: string): string;
  /** "in 5 minutes" / "vor 2 Stunden", relative to `now`. */
  relativeTime(target: Date, now?: Date): string;
}

function interpolate(template: string, vars: MessageVars | undefined): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in vars ? String(vars[name]) : match,
  );
}

export interface TranslatorOptions {
  /**
   * The host's own words for neutral values: with `freshdesk`, `priority.normal` reads "Medium"
   * and `status.solved` "Resolved", as in Freshdesk's ticket form.
   */
  vocabulary?: "zendesk" | "freshdesk";
}

/**
 * `t(key, vars)` over one locale's catalog — English until that catalog is loaded (`loadLocale`),
 * the message keys themselves until any is.
 * `{name}` placeholders are filled from `vars`; when `vars.count` is 1 and the catalog has
 * `<key>_one`, that form is used.
 */
export function createTranslator(
  locale: string | null | undefined,
  options: TranslatorOptions = {},
): Translator {
  // A locale whose catalog is not loaded yet reads English, dates and numbers included (and
  // message keys, before any catalog is loaded).
  const wanted = resolveLocale(locale);
  const resolved = loadedCatalogs[wanted] ? wanted : "en";
  const catalog: Partial<Catalog> = loadedCatalogs[resolved] ?? {};
  const english: Partial<Catalog> = loadedCatalogs.en ?? {};
  const numberFormats = new Map<string, Intl.NumberFormat>();
  let languageNames: Intl.DisplayNames | null | undefined;

  /** The catalog's text for `key`, its singular form when `count` is 1 and the catalog has one. */
  const lookup = (key: string, one: boolean): string | undefined => {
    const singular = one ? catalog[`${key}_one` as MessageKey] : undefined;
    return singular ?? catalog[key as MessageKey] ?? english[key as MessageKey];
  };

  const t = ((key: MessageKey, vars?: MessageVars) => {
    const one = vars?.count === 1;
    const hostTemplate = options.vocabulary
      ? lookup(`${options.vocabulary}.${key}`, one)
      : undefined;
    const template = hostTemplate ?? lookup(key, one) ?? key;
    return interpolate(template, vars);
  }) as Translator;

  Object.defineProperty(t, "locale", { value: resolved });
  t.number = (value, options) => {
    const cacheKey = JSON.stringify(options ?? {});
    let format = numberFormats.get(cacheKey);
    if (!format) {
      format = new Intl.NumberFormat(resolved, options);
      numberFormats.set(cacheKey, format);
    }
    return format.format(value);
  };
  t.languageName = (code) => {
    if (languageNames === undefined) {
      try {
        languageNames = new Intl.DisplayNames([resolved], { type: "language" });
      } catch {
        languageNames = null;
      }
    }
    try {
      return languageNames?.of(code) ?? code.toUpperCase();
    } catch {
      return code.toUpperCase();
    }
  };
  t.relativeTime = (target, now = new Date()) => {
    const seconds = Math.round((target.getTime() - now.getTime()) / 1000);
    const format = new Intl.RelativeTimeFormat(resolved, { numeric: "auto" });
    const abs = Math.abs(seconds);
    if (abs < 60) return format.format(seconds, "second");
    if (abs < 3600) return format.format(Math.round(seconds / 60), "minute");
    if (abs < 86_400) return format.format(Math.round(seconds / 3600), "hour");
    return format.format(Math.round(seconds / 86_400), "day");
  };
  return t;
}
