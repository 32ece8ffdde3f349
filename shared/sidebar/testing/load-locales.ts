// Test setup: every catalog loaded up front, so tests may create a translator in any locale
// synchronously, as the apps do once `loadLocale` has resolved.
import { loadCatalog, SupportedLocales } from "../src/i18n";

await Promise.all(SupportedLocales.map(loadCatalog));
