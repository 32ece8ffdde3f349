import { createTranslator, type Translator } from "@tandem/sidebar";
import { createContext, useContext } from "react";

const TranslatorContext = createContext<Translator>(createTranslator("en"));

export const TranslatorProvider = TranslatorContext.Provider;

/** The agent's translator (`t(key, vars)` plus number/language/relative-time helpers). */
export function useT(): Translator {
  return useContext(TranslatorContext);
}
