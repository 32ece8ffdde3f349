/**
 * Language identification by `eld` (n-gram detector, 60 languages, offline). Chosen over
 * `tinyld` and `franc-min` on short helpdesk sentences in en/es/fr/de/pt/it/nl/ja/ru: eld got
 * 61 of 66 right (its misses were single words it flags unreliable), tinyld 60 (it called an
 * English order line French), franc-min 26 of 35. The extra-small database (33 MB of heap,
 * ~0.5 s to load once) is as accurate here as the small one (52 MB).
 */
type Detector = typeof import("eld/extrasmall")["eld"];
let detector: Detector | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads eld's n-gram tables on first use, not at import: they take ~0.8 s and 33 MB, and the
 * processes that never detect a language (the CLI, job-only workers, most test files) should not
 * pay for them. Await it before `detectLanguage` (the drafting and knowledge verbs do).
 */
export function loadLanguageDetector(): Promise<void> {
  loading ??= import("eld/extrasmall").then(({ eld }) => {
    eld.enableTextCleanup(true); // URLs, e-mails and order numbers say nothing about the language
    detector = eld;
  });
  return loading;
}

/** The languages the offline drafter and the commitment detector are written in. */
export const SupportedLanguages = ["en", "es", "de", "fr", "pt", "it", "nl"] as const;
export type SupportedLanguage = (typeof SupportedLanguages)[number];

export interface DetectedLanguage {
  language: string;
  /** 0..1: how clearly the text points to it. */
  confidence: number;
}

export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}][\p{L}'’]*/gu) ?? [];
}

/** Scores closer than this are a tie, which the requester's locale breaks. */
const CLOSE_CALL = 0.02;

/** Detects the language of `text`; `fallback` (e.g. the requester's locale) breaks ties. */
export function detectLanguage(text: string, fallback?: string | null): DetectedLanguage {
  const sample = text.slice(0, 4_000);
  const fallbackLang = normalizeLanguage(fallback) ?? "en";
  if (!/\p{L}/u.test(sample)) return { language: fallbackLang, confidence: 0 };
  if (!detector) throw new Error("Language detection used before loadLanguageDetector()");
  const result = detector.detect(sample);
  // A word or two ("OK", "Merci") is not enough to tell: the requester's locale decides.
  if (!result.language || !result.isReliable()) return { language: fallbackLang, confidence: 0.2 };
  const scores = result.getScores();
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  const best = ranked[0]?.[1] ?? 0;
  const fallbackScore = scores[fallbackLang];
  if (fallbackScore !== undefined && best - fallbackScore < CLOSE_CALL) {
    return { language: fallbackLang, confidence: 0.5 };
  }
  const margin = best - (ranked[1]?.[1] ?? 0);
  const confidence = Math.min(0.99, 0.5 + margin * 4);
  return { language: result.language, confidence: Number(confidence.toFixed(2)) };
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

/** Words too common to say anything about a ticket's topic (knowledge search). */
const STOPWORDS = new Set(
  [
    "the and is are was were i you my your it this that to of in for with have has not but be can please would could me we our hi hello thanks thank what when where why how did do does don't i'm it's just still yet get got from on at about any there will been am an they them yes need want since order received",
    "el la los las un una unos unas que de del y en es por para con no mi mis su sus lo le me se al pero como muy más hola gracias quiero necesito tengo pedido está están estoy hace todavía aún cuando dónde donde qué porque también ya sí este esta eso esto favor días hoy usted ustedes buenos buenas recibí llegó sido hemos han",
    "der die das und ist ich nicht ein eine einen einem mit für auf zu den dem des von sie es wir mein meine meinen mir mich bitte danke hallo noch schon aber oder wenn wie was wo warum habe hat haben bin sind war wurde kann können möchte bestellung heute keine kein auch nur bei nach aus über ihr ihre sehr geehrte damen herren leider erhalten",
    "le la les un une des du de et est je j'ai ne pas pour avec sur dans mon ma mes votre vos vous nous il elle ce cette qui que mais ou où bonjour merci commande toujours encore avez avons suis été très aussi plus quand pourquoi comment aujourd'hui svp au aux reçu n'ai c'est",
    "o a os as um uma que de do da dos das e em no na nos nas é não para por com meu minha meus seu sua você vocês eu olá oi obrigado obrigada pedido ainda já mas quando onde porque está estou tenho quero preciso foi muito também hoje ao pelo pela recebi chegou",
    "il lo la i gli le un una che di del della e è in per con non mio mia miei suo sua io ho hai ha abbiamo sono ciao buongiorno grazie ordine ancora già ma quando dove perché come molto anche oggi vorrei posso questo questa sto alla al nel nella ricevuto arrivato",
    "de het een en is ik je jij u uw niet van voor met op te dat die dit mijn wij we ons onze maar of als wanneer waar waarom hoe hallo hoi dank bedankt bestelling nog al heb hebt heeft hebben ben zijn was kan kunt wil graag vandaag geen ook alleen bij naar uit over wordt er ontvangen",
  ]
    .join(" ")
    .split(" "),
);

/** A word too common in one of our languages to say anything about a ticket's topic. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}
