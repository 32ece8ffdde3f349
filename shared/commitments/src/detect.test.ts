import type { CommitmentKind } from "@tandem/shared";
import { describe, expect, it } from "vitest";
import { detectCommitments, splitSentences } from "./detect";

type Positive = [string, CommitmentKind];

/** Each sentence must be found with exactly its kind, with and without the language hint. */
function expectPositives(language: string, cases: Positive[]) {
  it.each(cases)(`${language}: "%s" → %s`, (sentence, kind) => {
    expect(detectCommitments(sentence, language).map((c) => c.kind)).toEqual([kind]);
    expect(detectCommitments(sentence).map((c) => c.kind)).toContain(kind);
  });
}

/** Mentions, offers, questions, negations and conditionals: nothing to back. */
function expectNegatives(language: string, cases: string[]) {
  it.each(cases)(`${language}: "%s" → none`, (sentence) => {
    expect(detectCommitments(sentence, language)).toEqual([]);
    expect(detectCommitments(sentence)).toEqual([]);
  });
}

describe("English", () => {
  expectPositives("en", [
    ["I have approved the full refund.", "refund"],
    ["We will refund you within 5 business days.", "refund"],
    ["I've processed a refund of 45.00 EUR to your card.", "refund"],
    ["I have gone ahead and refunded your order.", "refund"],
    ["Your refund has been issued and should appear in 5–7 days.", "refund"],
    ["You will receive a full refund by Friday.", "refund"],
    ["You'll get your money back within a week.", "refund"],
    ["We are processing your refund now.", "refund"],
    ["Don't worry, I have refunded your order.", "refund"],
    ["I've changed your dates to 12–15 June.", "booking_change"],
    [
      "I have asked our travel team to move your booking to the new dates; you will receive an updated voucher by email as soon as the hotel confirms.",
      "booking_change",
    ],
    ["Your booking BK-2210 has been moved to 12 June.", "booking_change"],
    ["Our travel team will move your booking as soon as the hotel confirms.", "booking_change"],
    ["Your new dates are confirmed.", "booking_change"],
    ["I have asked for your booking to be moved.", "booking_change"],
    ["I have cancelled your order.", "cancellation"],
    ["Your subscription has been cancelled.", "cancellation"],
    ["I'll cancel your reservation today.", "cancellation"],
    ["We have sent you a replacement set.", "replacement"],
    ["A replacement is on its way.", "replacement"],
    ["I will ship you a new suitcase tomorrow.", "replacement"],
    ["I have escalated your case to our billing team.", "escalation"],
    ["This has been escalated.", "escalation"],
    ["I have assigned your ticket to a specialist.", "assignment"],
    ["Our billing specialist will take over your case.", "assignment"],
    ["I've forwarded your request to our billing department.", "handoff"],
    ["Your request has been passed on to the Lisbon hotel.", "handoff"],
    ["Your booking now runs from 10 to 17 March.", "booking_change"],
    ["Your new check-in date is 10 March.", "booking_change"],
    ["Good news: refund approved!", "refund"],
    ["Order cancelled.", "cancellation"],
    ["I went ahead and moved your stay to the 12th.", "booking_change"],
    ["We've issued a full refund of 89 EUR.", "refund"],
  ]);
  expectNegatives("en", [
    "Our refund policy allows refunds within 30 days.",
    "If you want a refund, reply to this email.",
    "A colleague will confirm whether we can refund you.",
    "Would you like me to cancel your order?",
    "Refunds go back to the original payment method within 5–7 business days after we confirm them.",
    "Once approved, a refund takes 5 to 7 business days to appear on your statement.",
    "We can refund the difference.",
    "I will send you the refund form.",
    "I have received your refund request.",
    "I cannot confirm that your refund has been approved.",
    "I have not cancelled your order.",
    "I have passed your request to a colleague.",
    "I have passed your refund request to a colleague, who will confirm whether we can issue it.",
    "A colleague is confirming the change you asked for right now.",
    "You can request a refund within 30 days of delivery.",
    "If you send us a photo, we will refund you in full.",
    "Agents may approve refunds up to 100 EUR without a manager.",
    "Your booking is confirmed for 3 March.",
    "I have checked your booking and the hotel has availability.",
    "Thank you for contacting us about your cancellation.",
    "Please let us know if you would like us to change the dates.",
    "Should you prefer a replacement, we will send one.",
    "Booking changes are free up to 14 days before check-in.",
    "Cancelled orders are refunded within 5 days.",
    "The refund policy changed last year.",
    "I will get back to you as soon as I have an update.",
    "Thanks for your patience while we look into your booking.",
    "Could you tell me the new dates you would like?",
  ]);
});

describe("Spanish", () => {
  expectPositives("es", [
    ["He aprobado el reembolso completo; lo verás en tu método de pago en 5–7 días.", "refund"],
    ["Te he reembolsado el importe del pedido.", "refund"],
    ["Ya hemos tramitado tu reembolso.", "refund"],
    ["Te devolveremos el importe en 5 días hábiles.", "refund"],
    ["Vamos a reembolsarte el pedido completo.", "refund"],
    ["Tu reembolso ha sido aprobado.", "refund"],
    ["Recibirás el reembolso en tu tarjeta.", "refund"],
    ["He solicitado el reembolso: tardará entre 5 y 7 días hábiles.", "refund"],
    ["He cambiado tu reserva al 12 de junio.", "booking_change"],
    ["Le he pedido a nuestro equipo de viajes que cambie tu reserva.", "booking_change"],
    ["Tu reserva ha sido modificada.", "booking_change"],
    ["He cancelado tu pedido.", "cancellation"],
    ["Cancelaremos tu suscripción hoy mismo.", "cancellation"],
    ["Tu reserva está cancelada.", "cancellation"],
    ["Te enviaremos un set nuevo mañana.", "replacement"],
    ["He enviado un reemplazo a tu dirección.", "replacement"],
    ["He escalado tu caso.", "escalation"],
    ["He derivado tu consulta al equipo de facturación.", "handoff"],
    ["He asignado tu caso a un especialista.", "assignment"],
  ]);
  expectNegatives("es", [
    "Nuestra política de reembolsos permite devoluciones en 30 días.",
    "Si quieres un reembolso, responde a este mensaje.",
    "Si un artículo llega dañado o falta, te devolvemos el importe completo.",
    "Un compañero confirmará si podemos reembolsarte el pedido.",
    "He pasado tu solicitud de reembolso a un compañero, que confirmará si podemos hacerlo.",
    "¿Quieres que cancele tu pedido?",
    "No he cancelado tu pedido.",
    "Podemos cambiar tu reserva sin coste.",
    "He recibido tu mensaje sobre el reembolso y ya lo estoy revisando.",
    "Un compañero está confirmando el cambio que nos pediste.",
    "Puedes solicitar un reembolso en los 30 días siguientes a la entrega.",
    "El reembolso se devuelve al método de pago original.",
    "He pasado tu mensaje a un compañero, que confirmará el siguiente paso.",
  ]);
});

describe("French", () => {
  expectPositives("fr", [
    ["J'ai remboursé le doublon.", "refund"],
    ["J'ai bien procédé au remboursement.", "refund"],
    ["Nous vous remboursons le doublon sous 5 jours ouvrés.", "refund"],
    ["Je vais vous rembourser la différence.", "refund"],
    ["Votre remboursement a été validé.", "refund"],
    ["Vous serez remboursée sous 5 jours.", "refund"],
    ["J'ai modifié votre réservation.", "booking_change"],
    ["J'ai demandé à notre équipe de modifier les dates de votre séjour.", "booking_change"],
    ["Les dates de votre séjour ont été modifiées.", "booking_change"],
    ["J'ai annulé votre commande.", "cancellation"],
    ["Votre abonnement a bien été résilié.", "cancellation"],
    ["Nous vous envoyons un nouvel article dès aujourd'hui.", "replacement"],
    ["J'ai transmis votre demande au service comptabilité.", "handoff"],
    ["Votre dossier a été attribué à un conseiller.", "assignment"],
  ]);
  expectNegatives("fr", [
    "Notre politique de remboursement s'applique sous 30 jours.",
    "Si vous souhaitez un remboursement, répondez à ce message.",
    "S'il apparaît encore après ce délai, envoyez-nous votre relevé et nous remboursons le doublon sous 5 jours ouvrés.",
    "Un collègue confirmera si nous pouvons vous rembourser.",
    "Je n'ai pas annulé votre commande.",
    "Souhaitez-vous que j'annule votre commande ?",
    "J'ai transmis votre demande à un collègue, qui confirmera si nous pouvons la traiter.",
    "Nous pouvons modifier votre réservation sans frais.",
  ]);
});

describe("German", () => {
  expectPositives("de", [
    ["Ich habe Ihnen den vollen Betrag erstattet.", "refund"],
    ["Wir haben die Erstattung veranlasst.", "refund"],
    ["Die Erstattung wurde bereits veranlasst.", "refund"],
    ["Wir erstatten Ihnen den vollen Betrag.", "refund"],
    ["Ich werde Ihnen den Betrag zurückerstatten.", "refund"],
    ["Ich habe Ihre Buchung auf den 12. Juni umgebucht.", "booking_change"],
    ["Ich habe unser Reiseteam gebeten, Ihre Buchung zu ändern.", "booking_change"],
    ["Ihre Buchung wurde auf den 10. März verschoben.", "booking_change"],
    ["Ich habe Ihre Bestellung storniert.", "cancellation"],
    ["Ihr Abonnement ist gekündigt worden.", "cancellation"],
    ["Wir schicken Ihnen kostenlos neue Reiseunterlagen.", "replacement"],
    ["Ich habe eine Ersatzlieferung veranlasst.", "replacement"],
    ["Ich habe Ihr Anliegen an unsere Buchhaltung weitergeleitet.", "handoff"],
    ["Ich habe Ihren Fall eskaliert.", "escalation"],
  ]);
  expectNegatives("de", [
    "Unsere Erstattungsrichtlinie gilt 30 Tage.",
    "Wenn Sie eine Erstattung wünschen, antworten Sie bitte.",
    "Ist ein Paket nach 7 Werktagen nicht angekommen, forschen wir beim Paketdienst nach und senden kostenlos Ersatz.",
    "Ein Kollege prüft, ob wir Ihre Buchung ändern können.",
    "Ich habe Ihre Buchung nicht storniert.",
    "Ich habe Ihre Anfrage zu „Lieferung“ erhalten und kümmere mich gerade darum.",
    "Wir können Ihnen den Betrag erstatten.",
    "Möchten Sie, dass ich Ihre Bestellung storniere?",
    "Ich habe Ihr Anliegen an einen Kollegen weitergegeben, der prüft, ob wir das tun können.",
  ]);
});

describe("Portuguese", () => {
  expectPositives("pt", [
    ["Já processei o seu reembolso.", "refund"],
    ["Vou reembolsar o valor total.", "refund"],
    ["O seu reembolso foi aprovado.", "refund"],
    ["Você receberá o reembolso em 5 dias úteis.", "refund"],
    ["Alterei a sua reserva para 12 de junho.", "booking_change"],
    ["Pedi à nossa equipe de viagens que altere a sua reserva.", "booking_change"],
    ["Cancelei o seu pedido.", "cancellation"],
    ["A sua assinatura foi cancelada.", "cancellation"],
    ["Enviamos um novo conjunto hoje.", "replacement"],
    ["Encaminhei a sua solicitação para a equipe financeira.", "handoff"],
    ["Escalei o seu caso.", "escalation"],
  ]);
  expectNegatives("pt", [
    "A nossa política de reembolso permite devoluções em 30 dias.",
    "Se quiser um reembolso, responda a esta mensagem.",
    "Um colega vai confirmar se podemos alterar a sua reserva.",
    "Não cancelei o seu pedido.",
    "Podemos reembolsar a diferença.",
    "Recebi sua mensagem e já estou verificando.",
    "Se a conta estiver bloqueada após várias tentativas, ela é desbloqueada automaticamente em 30 minutos.",
    "Encaminhei a sua solicitação a um colega, que vai confirmar se podemos fazê-lo.",
  ]);
});

describe("Italian", () => {
  expectPositives("it", [
    ["Ho approvato il rimborso completo.", "refund"],
    ["Ti rimborseremo entro 5 giorni.", "refund"],
    ["Il tuo rimborso è stato emesso.", "refund"],
    ["Ho spostato la tua prenotazione al 12 giugno.", "booking_change"],
    ["Ho chiesto al nostro team viaggi di modificare la tua prenotazione.", "booking_change"],
    ["Ho annullato il tuo ordine.", "cancellation"],
    ["La tua prenotazione è stata annullata.", "cancellation"],
    ["Ti ho inviato un nuovo set.", "replacement"],
    ["Ho inoltrato la tua richiesta al reparto amministrazione.", "handoff"],
  ]);
  expectNegatives("it", [
    "La nostra politica di rimborso prevede 30 giorni.",
    "Se desideri un rimborso, rispondi a questo messaggio.",
    "Un collega confermerà se possiamo spostare la tua prenotazione.",
    "Non ho annullato il tuo ordine.",
    "Possiamo rimborsare la differenza.",
    "Ho inoltrato la tua richiesta a un collega, che confermerà se possiamo farlo.",
  ]);
});

describe("Dutch", () => {
  expectPositives("nl", [
    ["Ik heb het bedrag terugbetaald.", "refund"],
    ["We hebben de terugbetaling in gang gezet.", "refund"],
    ["We betalen u het volledige bedrag terug.", "refund"],
    ["Ik heb uw boeking gewijzigd.", "booking_change"],
    ["Ik heb ons reisteam gevraagd uw boeking te verzetten.", "booking_change"],
    ["Uw boeking is verplaatst naar 12 juni.", "booking_change"],
    ["Ik heb uw bestelling geannuleerd.", "cancellation"],
    ["We sturen u een nieuwe koffer.", "replacement"],
    ["Ik heb uw vraag doorgestuurd naar onze afdeling facturatie.", "handoff"],
  ]);
  expectNegatives("nl", [
    "Ons terugbetalingsbeleid geldt 30 dagen.",
    "Als u een terugbetaling wilt, beantwoord dan dit bericht.",
    "Een collega bevestigt of we uw boeking kunnen wijzigen.",
    "Ik heb uw boeking niet gewijzigd.",
    "We kunnen het verschil terugbetalen.",
    "Ik heb uw vraag doorgestuurd naar een collega.",
  ]);
});

describe("Japanese", () => {
  expectPositives("ja", [
    ["返金いたしました。", "refund"],
    ["全額を返金させていただきます。", "refund"],
    ["返金手続きを完了いたしました。", "refund"],
    ["ご予約の日程を変更いたしました。", "booking_change"],
    ["担当チームにご予約の変更を依頼しました。", "booking_change"],
    ["ご注文をキャンセルいたしました。", "cancellation"],
    ["交換品を発送いたしました。", "replacement"],
    ["経理部へ転送いたしました。", "handoff"],
  ]);
  expectNegatives("ja", [
    "返金をご希望の場合はお知らせください。",
    "返金ポリシーについてご案内します。",
    "返金できるかどうか担当者が確認いたします。",
    "返金いたしかねます。",
    "ご予約を変更いたしますか？",
    "もし返金いたしますと、手数料がかかります。",
  ]);
});

describe("sentences and offsets", () => {
  it("returns each promising sentence with its place in the text", () => {
    const text =
      "Hi Tom,\n\nThanks for your message. I have cancelled your order. We will refund you.\n\nBest,\nAna";
    const found = detectCommitments(text, "en");
    expect(found.map((c) => [c.kind, c.text])).toEqual([
      ["cancellation", "I have cancelled your order."],
      ["refund", "We will refund you."],
    ]);
    for (const c of found) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  it("gives one entry per kind when a sentence promises two things", () => {
    const found = detectCommitments("I have cancelled your booking and refunded the deposit.");
    expect(found.map((c) => c.kind)).toEqual(["refund", "cancellation"]);
  });

  it("follows one subject across coordinated verbs", () => {
    expect(
      detectCommitments("I have checked your account and refunded the difference.").map(
        (c) => c.kind,
      ),
    ).toEqual(["refund"]);
    expect(
      detectCommitments("I will look at the photos and send you a replacement.").map((c) => c.kind),
    ).toEqual(["replacement"]);
    expect(detectCommitments("I have checked whether we can send a replacement.")).toEqual([]);
  });

  it("keeps a promise followed by a question in another clause", () => {
    expect(
      detectCommitments("I have refunded your order, is there anything else?").map((c) => c.kind),
    ).toEqual(["refund"]);
  });

  it("splits on line breaks, sentence ends and Japanese full stops, not decimals or ordinals", () => {
    expect(
      splitSentences("Paid 5.7 EUR. Next one!\nAm 10. März. 返金いたしました。了解").map(
        (s) => s.text,
      ),
    ).toEqual(["Paid 5.7 EUR.", "Next one!", "Am 10. März.", "返金いたしました。", "了解"]);
  });

  it("reads the given language and English only; every language without a hint", () => {
    const mixed =
      "He cancelado tu pedido. I have refunded you. Ich habe Ihre Bestellung storniert.";
    expect(detectCommitments(mixed, "es").map((c) => c.kind)).toEqual(["cancellation", "refund"]);
    expect(detectCommitments(mixed, "pt-BR").map((c) => c.kind)).toEqual(["refund"]);
    expect(detectCommitments(mixed).map((c) => c.kind)).toEqual([
      "cancellation",
      "refund",
      "cancellation",
    ]);
    expect(detectCommitments(mixed, "ko").length).toBe(3);
  });

  it("handles empty and unusual input", () => {
    expect(detectCommitments("")).toEqual([]);
    expect(detectCommitments("   \n\n ")).toEqual([]);
    expect(detectCommitments("?!…。")).toEqual([]);
  });

  it("is fast enough to run on every keystroke", () => {
    const paragraph = (i: number) =>
      `Thank you for your patience while we looked into case ${i}. I have checked the booking and the hotel has rooms on those dates. `;
    detectCommitments(paragraph(0)); // compiles the rules once, as the first draft would
    const text = `${Array.from({ length: 40 }, (_, i) => paragraph(i)).join("")}I have approved the full refund.`;
    let started = performance.now();
    expect(detectCommitments(text).map((c) => c.kind)).toEqual(["refund"]);
    expect(performance.now() - started).toBeLessThan(150);
    // Typing changes one sentence: the others are not read again.
    started = performance.now();
    detectCommitments(text.replace("full refund", "full refund today"));
    expect(performance.now() - started).toBeLessThan(30);
  });
});
