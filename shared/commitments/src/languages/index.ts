import type { LanguagePack } from "../pattern";
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { it } from "./it";
import { ja } from "./ja";
import { nl } from "./nl";
import { pt } from "./pt";

/** Every language with commitment rules: the languages the product drafts in. */
export const PACKS: LanguagePack[] = [en, es, fr, de, pt, it, nl, ja];

/** The languages whose commitments are detected (ISO 639-1). */
export const CommitmentLanguages: readonly string[] = PACKS.map((pack) => pack.language);
