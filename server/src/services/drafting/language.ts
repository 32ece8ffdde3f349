/**
 * Language detection without models: Unicode scripts for non-Latin languages, weighted
 * stopwords and a few telltale letters for the Latin ones we localize (en es de fr pt it nl).
 */
export const SupportedLanguages = ["en", "es", "de", "fr", "pt", "it", "nl"] as const;
export type SupportedLanguage = (typeof SupportedLanguages)[number];

const STOPWORDS: Record<SupportedLanguage, string> = {
  en: "the and is are was were i you my your it this that to of in for with have has not but be can please would could me we our hi hello thanks thank what when where why how did do does don't i'm it's just still yet get got from on at about any there will been am an they them yes need want since been order received",
  es: "el la los las un una unos unas que de del y en es por para con no mi mis su sus lo le me se al pero como muy más hola gracias quiero necesito tengo pedido está están estoy hace todavía aún cuando dónde donde qué porque también ya sí este esta eso esto favor días hoy usted ustedes buenos buenas recibí llegó sido hemos han",
  de: "der die das und ist ich nicht ein eine einen einem mit für auf zu den dem des von sie es wir mein meine meinen mir mich bitte danke hallo noch schon aber oder wenn wie was wo warum habe hat haben bin sind war wurde kann können möchte bestellung heute keine kein auch nur bei nach aus über ihr ihre sehr geehrte damen herren leider erhalten",
  fr: "le la les un une des du de et est je j'ai ne pas pour avec sur dans mon ma mes votre vos vous nous il elle ce cette qui que mais ou où bonjour merci commande toujours encore avez avons suis été très aussi plus quand pourquoi comment aujourd'hui svp au aux reçu n'ai c'est",
  pt: "o a os as um uma que de do da dos das e em no na nos nas é não para por com meu minha meus seu sua você vocês eu olá oi obrigado obrigada pedido ainda já mas quando onde porque está estou tenho quero preciso foi muito também hoje ao pelo pela recebi chegou",
  it: "il lo la i gli le un una che di del della e è in per con non mio mia miei suo sua io ho hai ha abbiamo sono ciao buongiorno grazie ordine ancora già ma quando dove perché come molto anche oggi vorrei posso questo questa sto alla al nel nella ricevuto arrivato",
  nl: "de het een en is ik je jij u uw niet van voor met op te dat die dit mijn wij we ons onze maar of als wanneer waar waarom hoe hallo hoi dank bedankt bestelling nog al heb hebt heeft hebben ben zijn was kan kunt wil graag vandaag geen ook alleen bij naar uit over wordt er ontvangen",
};

/** Letters that point to one language when they appear at all. */
const TELLTALES: Array<[RegExp, SupportedLanguage, number]> = [
  [/[ñ¿¡]/, "es", 2],
  [/ß|[äöü]/, "de", 1.5],
  [/[œ]|[èêë]|ç(?=[aou])/, "fr", 1],
  [/[ãõ]|ção|ções/, "pt", 2],
  [/\b(?:ij|zijn|zij)\b|ij[a-z]/, "nl", 1],
  [/[ìò]\b/, "it", 1],
];

const SCRIPTS: Array<[RegExp, string]> = [
  [/[\u3040-\u30ff]/g, "ja"],
  [/[\uac00-\ud7af]/g, "ko"],
  [/[\u4e00-\u9fff]/g, "zh"],
  [/[\u0400-\u04ff]/g, "ru"],
  [/[\u0600-\u06ff]/g, "ar"],
  [/[\u0590-\u05ff]/g, "he"],
  [/[\u0370-\u03ff]/g, "el"],
  [/[\u0e00-\u0e7f]/g, "th"],
  [/[\u0900-\u097f]/g, "hi"],
];

const WEIGHTS = new Map<string, Map<SupportedLanguage, number>>();
for (const lang of SupportedLanguages) {
  for (const word of STOPWORDS[lang].split(" ")) {
    const entry = WEIGHTS.get(word) ?? new Map<SupportedLanguage, number>();
    entry.set(lang, 1);
    WEIGHTS.set(word, entry);
  }
}
// A word shared by several languages says less about each of them.
for (const entry of WEIGHTS.values())
  for (const lang of entry.keys()) entry.set(lang, 1 / entry.size);

export interface DetectedLanguage {
  language: string;
  /** 0..1: how clearly the text points to it. */
  confidence: number;
}

export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}][\p{L}'’]*/gu) ?? [];
}

/** Detects the language of `text`; `fallback` (e.g. the requester's locale) breaks ties. */
export function detectLanguage(text: string, fallback?: string | null): DetectedLanguage {
  const sample = text.slice(0, 4_000);
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  const fallbackLang = normalizeLanguage(fallback) ?? "en";
  if (letters === 0) return { language: fallbackLang, confidence: 0 };

  const kana = (sample.match(/[\u3040-\u30ff]/g) ?? []).length;
  for (const [re, lang] of SCRIPTS) {
    const count = (sample.match(re) ?? []).length;
    if (count / letters > 0.3) {
      if (lang === "zh" && kana > 0) return { language: "ja", confidence: 0.9 };
      if (lang === "ru" && /[іїєґ]/i.test(sample)) return { language: "uk", confidence: 0.8 };
      return { language: lang, confidence: 0.9 };
    }
  }

  const scores = new Map<SupportedLanguage, number>();
  const tokens = words(sample).map((w) => w.replace(/’/g, "'"));
  for (const token of tokens) {
    const entry = WEIGHTS.get(token);
    if (!entry) continue;
    for (const [lang, weight] of entry) scores.set(lang, (scores.get(lang) ?? 0) + weight);
  }
  const lower = sample.toLowerCase();
  for (const [re, lang, weight] of TELLTALES) {
    if (re.test(lower)) scores.set(lang, (scores.get(lang) ?? 0) + weight);
  }
  const fallbackSupported = (SupportedLanguages as readonly string[]).includes(fallbackLang);
  if (fallbackSupported) {
    // The requester's locale is a weak prior: it decides close calls only.
    const lang = fallbackLang as SupportedLanguage;
    scores.set(lang, (scores.get(lang) ?? 0) + 0.5);
  }
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 1) return { language: fallbackLang, confidence: 0.2 };
  const margin = best[1] - (second?.[1] ?? 0);
  const density = best[1] / Math.max(tokens.length, 1);
  const confidence = Math.min(0.99, 0.35 + Math.min(margin / 6, 0.4) + Math.min(density, 0.25));
  return { language: best[0], confidence: Number(confidence.toFixed(2)) };
}

/** `pt-BR` → `pt`; anything not a language code → null. */
export function normalizeLanguage(locale: string | null | undefined): string | null {
  if (!locale) return null;
  const match = /^([a-zA-Z]{2,3})(?:[-_]|$)/.exec(locale.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}

const TS_CONFIGS: Record<string, string> = {
  ar: "arabic",
  da: "danish",
  de: "german",
  el: "greek",
  en: "english",
  es: "spanish",
  fi: "finnish",
  fr: "french",
  ga: "irish",
  hu: "hungarian",
  id: "indonesian",
  it: "italian",
  lt: "lithuanian",
  nb: "norwegian",
  ne: "nepali",
  nl: "dutch",
  nn: "norwegian",
  no: "norwegian",
  pt: "portuguese",
  ro: "romanian",
  ru: "russian",
  sv: "swedish",
  ta: "tamil",
  tr: "turkish",
};

/** The PostgreSQL text search configuration for a locale (`simple` when none fits). */
export function tsConfigFor(locale: string | null | undefined): string {
  return TS_CONFIGS[normalizeLanguage(locale) ?? ""] ?? "simple";
}

const NAMES: Record<string, string> = {
  en: "English",
  es: "Spanish",
  de: "German",
  fr: "French",
  pt: "Portuguese",
  it: "Italian",
  nl: "Dutch",
  ja: "Japanese",
  ko: "Korean",
  zh: "Chinese",
  ru: "Russian",
  uk: "Ukrainian",
  ar: "Arabic",
  he: "Hebrew",
  el: "Greek",
  th: "Thai",
  hi: "Hindi",
};

export function languageName(code: string): string {
  return NAMES[code] ?? code;
}

const ALL_STOPWORDS = new Set(WEIGHTS.keys());

/** A word too common in one of our languages to say anything about a ticket's topic. */
export function isStopword(word: string): boolean {
  return ALL_STOPWORDS.has(word);
}
