import { beforeAll, describe, expect, it } from "vitest";
import { detectLanguage, isStopword, loadLanguageDetector, tsConfigFor } from "./language";

beforeAll(() => loadLanguageDetector());

describe("language detection", () => {
  it.each([
    ["en", "Hi, my order has not arrived yet and I would like to know where it is."],
    ["es", "Hola, mi pedido todavía no ha llegado y quiero saber dónde está."],
    ["de", "Hallo, meine Bestellung ist noch nicht angekommen, wo ist sie?"],
    ["fr", "Bonjour, ma commande n'est toujours pas arrivée, où est-elle ?"],
    ["pt", "Olá, o meu pedido ainda não chegou, onde está?"],
    ["it", "Ciao, il mio ordine non è ancora arrivato, dove si trova?"],
    ["nl", "Hallo, mijn bestelling is nog niet aangekomen, waar is die?"],
    ["ja", "注文した商品がまだ届いていません。"],
    ["ru", "Здравствуйте, мой заказ ещё не пришёл."],
  ])("detects %s", (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it.each([
    ["pt", "Olá, preciso da segunda via da fatura do pedido ORD-55012, por favor."],
    ["es", "Necesito la factura de mi última compra, por favor."],
    ["en", "Can you send me a copy of my invoice?"],
    ["ja", "請求書を送ってください。"],
    ["ja", "パスワードを忘れました"],
  ])("detects short helpdesk requests: %s", (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it.each([
    ["en", "Please cancel subscription"],
    ["pt", "Ainda não funciona"],
    ["nl", "Werkt nog steeds niet"],
    ["de", "Wo ist Paket?"],
  ])("detects a three-word message in %s", (language, text) => {
    expect(detectLanguage(text).language).toBe(language);
  });

  it("tells Portuguese from Spanish in a short invoice request", () => {
    const detected = detectLanguage("Bom dia, podem enviar a nota fiscal da minha compra?");
    expect(detected.language).toBe("pt");
    expect(detected.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it("falls back to the requester's locale on text without signal", () => {
    expect(detectLanguage("OK", "pt-BR").language).toBe("pt");
    expect(detectLanguage("12345", null).language).toBe("en");
    // One ambiguous word is not enough to overrule the locale.
    expect(detectLanguage("Merci", "es")).toEqual({ language: "es", confidence: 0.2 });
  });

  it("maps locales to text search configurations", () => {
    expect(tsConfigFor("es-MX")).toBe("spanish");
    expect(tsConfigFor("pt_BR")).toBe("portuguese");
    expect(tsConfigFor("ja")).toBe("simple");
  });

  it("knows the stop words of the localized languages", () => {
    expect(isStopword("the")).toBe(true);
    expect(isStopword("bestellung")).toBe(true);
    expect(isStopword("refund")).toBe(false);
  });
});
