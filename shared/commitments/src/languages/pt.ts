import type { CommitmentKind } from "@tandem/shared";
import { alt, B, compose, E, hint, type LanguagePack, rules, test, WORD } from "../pattern";

const r = String.raw;

const ADV = r`(?:\s+(?:já|também|pessoalmente|hoje|agora|imediatamente|diretamente))`;
const ADVS = `${ADV}{0,2}`;
const ENCL = r`(?:-(?:lhe|lhes|te|vos|o|a|os|as))?`;
const TEAM = r`(?:(?:à|a|ao|o|para\s+a|para\s+o)\s+)?(?:(?:nossa|nosso)\s+)?(?:equipe|equipa|time|departamento|colegas?|setor|área|hotel|armazém|companhia\s+aérea|agência|responsável)(?:\s+(?:de|do|da)\s+\p{L}+)?`;

const WILL = r`${B}(?:(?:eu|nós)\s+)?(?:vou|vamos|irei|iremos|estou\s+a|estamos\s+a)${ADVS}\s+`;
const NOW = r`${B}(?:(?:eu|nós|já|também|hoje)\s+){0,2}`;

const ART = r`(?:o|um|seu|o\s+seu|a|uma|sua|a\s+sua)`;
const REFUND = r`(?:reembolsos?|estornos?|devolução\s+do\s+(?:valor|dinheiro|pagamento))`;
const MONEY = r`(?:o\s+valor|o\s+montante|o\s+(?:seu\s+)?dinheiro|o\s+pagamento|a\s+diferença|o\s+seu\s+pedido|a\s+sua\s+compra|você)`;

const BOOKING = r`(?:reservas?|datas?|estadia|estada|voos?|viagem|passage(?:m|ns)|bilhetes?|check-?in|check-?out|quarto|hospedagem|itinerário)`;
const NP_BOOKING = r`(?:a\s+sua|o\s+seu|as\s+suas|os\s+seus|sua|seu|suas|seus|a|o|as|os|essa|esta)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+${BOOKING}`;
const CHANGE = r`(?:a\s+)?(?:alteração|mudança|remarcação|troca)(?:\s+(?:da|das|do|de)\s+(?:reserva|datas?|voo|viagem|estadia))`;

const CANCELLABLE = r`(?:pedidos?|reservas?|assinaturas?|conta|plano|contrato|viagem|voos?|passage(?:m|ns)|compra|seguro|estadia|matrícula)`;
const NP_CANCELLABLE = r`(?:a\s+sua|o\s+seu|sua|seu|o|a|os|as|esse|essa|este|esta)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+${CANCELLABLE}`;
const CANCELLATION = r`(?:o\s+|a\s+|um\s+)?(?:cancelamento|anulação|encerramento)`;

const REPLACEMENT = r`(?:um|uma|o|a|outro|outra)\s+(?:(?:novo|nova)\s+\p{L}+|\p{L}+\s+(?:novo|nova|de\s+reposição|de\s+substituição|substituto)|substituto|substituição|reposição)`;
const ITEM = r`(?:o\s+seu|a\s+sua|seu|sua|o|a)\s+(?:produto|item|pedido|mala|conjunto|artigo|aparelho)`;

const CASE = r`(?:caso|chamado|ticket|solicitação|pedido|reclamação|mensagem|problema|questão|pergunta|protocolo)`;
const THIS_CASE = r`(?:(?:o\s+seu|a\s+sua|seu|sua|o|a|este|esta|esse|essa)\s+${CASE})`;
/** A team or outside party; "a um colega" is not one. */
const DEST = r`(?:para|a|à|ao)\s+(?:a\s+|o\s+)?(?:nossa\s+|nosso\s+)?(?:(?:equipe|equipa|time|departamento|setor|área|central)(?:\s+(?:de|do|da)\s+\p{L}+)?|financeiro|faturamento|especialistas|hotel|companhia\s+aérea|armazém|transportadora|fornecedor)`;
const HANDOFF_OBJ = r`(?:${THIS_CASE}|(?:os\s+seus|seus|os)\s+(?:dados|detalhes|documentos|fotos))`;

const PASSIVE: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    REFUND,
    r`(?:(?:aprovad|processad|emitid|solicitad|realizad|efetuad|autorizad|liberad|confirmad|iniciad)[oa]|em\s+andamento|a\s+caminho)`,
  ],
  [
    "refund",
    r`(?:pedidos?|valor|pagamentos?|dinheiro|compras?|cobranças?|reservas?|montante|diferença)`,
    r`(?:reembolsad|estornad|devolvid|creditad)[oa]s?`,
  ],
  [
    "booking_change",
    BOOKING,
    r`(?:alterad|mudad|remarcad|modificad|trocad|atualizad|transferid|adiad|antecipad)[oa]s?`,
  ],
  [
    "booking_change",
    r`(?:alteração|mudança|remarcação|novas\s+datas)`,
    r`(?:confirmad|efetuad|realizad|feit|processad|solicitad|aprovad)[oa]s?`,
  ],
  ["cancellation", CANCELLABLE, r`(?:cancelad|anulad|encerrad)[oa]s?`],
  [
    "cancellation",
    r`(?:cancelamento|anulação)`,
    r`(?:confirmad|efetuad|realizad|feit|processad|solicitad|aprovad)[oa]`,
  ],
  [
    "replacement",
    r`(?:substituição|reposição|(?:novo|nova)\s+\p{L}+|\p{L}+\s+(?:novo|nova|substituto))`,
    r`(?:(?:enviad|despachad|solicitad|providenciad|aprovad)[oa]|a\s+caminho)`,
  ],
  ["escalation", CASE, r`escalad[oa]`],
  ["assignment", CASE, r`(?:atribuíd|designad)[oa]\s+(?:a|ao|à|para)`],
  [
    "handoff",
    r`(?:${CASE}|dados|detalhes|documentos|fotos)`,
    r`(?:encaminhad|transferid|repassad|enviad)[oa]s?\s+${DEST}`,
  ],
];

const PASS_AUX = r`(?:foi|foram|será|serão|(?:está|estão)\s+sendo|está|estão|(?:vai|vão)\s+ser|(?:acaba|acabou)\s+de\s+ser)`;
const NP = (noun: string) =>
  r`${B}(?:o\s+seu|a\s+sua|os\s+seus|as\s+suas|seu|sua|seus|suas|o|a|os|as|este|esta|esse|essa|um|uma)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+${noun}`;

export const pt: LanguagePack = {
  language: "pt",
  rules: [
    ...compose(
      {
        will: [WILL],
        doing: [r`${B}(?:(?:eu|nós)\s+)?(?:estou|estamos)${ADVS}\s+`],
        now: [NOW],
        subj: [
          r`${NOW}(?:pedi|solicitei|pedimos|solicitamos|pedirei|solicitarei)\s+${TEAM}\s+que\s+`,
        ],
      },
      {
        refund: {
          will: alt(
            r`(?:reembolsar|estornar)${ENCL}`,
            r`(?:processar|aprovar|emitir|solicitar|iniciar|fazer|efetuar|realizar|providenciar|autorizar|liberar)\s+${ART}\s+${REFUND}`,
            r`devolver${ENCL}\s+o\s+(?:seu\s+)?(?:valor|dinheiro|pagamento)`,
          ),
          doing: alt(
            r`(?:reembolsando|estornando)\s+${MONEY}`,
            r`(?:processando|aprovando|emitindo|solicitando|iniciando|fazendo|efetuando|realizando|providenciando|autorizando|liberando)\s+${ART}\s+${REFUND}`,
          ),
          now: alt(
            r`(?:reembolsei|reembolsarei|reembolsaremos|estornei|estornarei|estornaremos)${ENCL}`,
            r`(?:reembolsamos|estornamos)${ENCL}\s+${MONEY}`,
            r`(?:processei|processarei|processaremos|processamos|aprovei|aprovarei|aprovaremos|aprovamos|emiti|emitirei|emitiremos|emitimos|solicitei|solicitarei|solicitaremos|solicitamos|iniciei|iniciarei|iniciaremos|iniciamos|fiz|farei|faremos|fizemos|efetuei|efetuarei|efetuaremos|efetuamos|realizei|realizarei|realizaremos|realizamos|providenciei|providenciarei|providenciaremos|providenciamos|autorizei|autorizarei|autorizaremos|autorizamos|liberei|liberarei|liberaremos|liberamos)\s+${ART}\s+${REFUND}`,
            r`(?:devolvi|devolverei|devolveremos|devolvemos)${ENCL}\s+o\s+(?:seu\s+)?(?:valor|dinheiro|pagamento)`,
          ),
          subj: alt(
            r`(?:reembolse|estorne)m?`,
            r`(?:processe|aprove|emita|solicite|faça|efetue|realize|providencie|autorize|libere)m?\s+${ART}\s+${REFUND}`,
          ),
        },
        booking_change: {
          will: alt(
            r`(?:alterar|mudar|remarcar|modificar|trocar|atualizar|transferir|adiar|antecipar)\s+${NP_BOOKING}`,
            r`(?:solicitar|fazer|efetuar|confirmar|processar)\s+${CHANGE}`,
          ),
          doing: r`(?:alterando|mudando|remarcando|modificando|trocando|atualizando|transferindo|adiando|antecipando)\s+${NP_BOOKING}`,
          now: alt(
            r`(?:alterei|alterarei|alteraremos|alteramos|mudei|mudarei|mudaremos|mudamos|remarquei|remarcarei|remarcaremos|remarcamos|modifiquei|modificarei|modificaremos|modificamos|troquei|trocarei|trocaremos|trocamos|atualizei|atualizarei|atualizaremos|atualizamos|transferi|transferirei|transferiremos|transferimos|adiei|adiarei|adiaremos|adiamos|antecipei|anteciparei|anteciparemos|antecipamos)\s+${NP_BOOKING}`,
            r`(?:solicitei|solicitarei|solicitaremos|solicitamos|fiz|farei|faremos|fizemos|efetuei|efetuarei|efetuaremos|efetuamos|confirmei|confirmarei|confirmaremos|processei|processarei|processaremos|processamos)\s+${CHANGE}`,
          ),
          subj: r`(?:altere|mude|remarque|modifique|troque|atualize|transfira|adie|antecipe)m?\s+${NP_BOOKING}`,
        },
        cancellation: {
          will: alt(
            r`(?:cancelar|anular|encerrar)\s+${NP_CANCELLABLE}`,
            r`(?:solicitar|fazer|efetuar|confirmar|processar)\s+${CANCELLATION}`,
          ),
          doing: r`(?:cancelando|anulando|encerrando)\s+${NP_CANCELLABLE}`,
          now: alt(
            r`(?:cancelei|cancelarei|cancelaremos|cancelamos|anulei|anularei|anularemos|anulamos|encerrei|encerrarei|encerraremos|encerramos)\s+${NP_CANCELLABLE}`,
            r`(?:solicitei|solicitarei|solicitaremos|solicitamos|fiz|farei|faremos|fizemos|efetuei|efetuarei|efetuaremos|efetuamos|confirmei|confirmarei|confirmaremos|processei|processarei|processaremos|processamos)\s+${CANCELLATION}`,
          ),
          subj: r`(?:cancele|anule|encerre)m?\s+${NP_CANCELLABLE}`,
        },
        replacement: {
          will: alt(
            r`(?:enviar|mandar|despachar|solicitar|providenciar)${ENCL}\s+${REPLACEMENT}`,
            r`(?:substituir|trocar)\s+${ITEM}`,
            r`reenviar${ENCL}\s+(?:o\s+seu|seu|o)\s+(?:pedido|pacote)`,
          ),
          doing: r`(?:enviando|mandando|despachando|solicitando|providenciando)\s+${REPLACEMENT}`,
          now: alt(
            r`(?:enviei|enviarei|enviaremos|enviamos|mandei|mandarei|mandaremos|mandamos|despachei|despacharei|despacharemos|despachamos|solicitei|solicitaremos|solicitamos|providenciei|providenciarei|providenciaremos|providenciamos)${ENCL}\s+${REPLACEMENT}`,
            r`(?:substituí|substituirei|substituiremos|substituímos|troquei|trocarei|trocaremos|trocamos)\s+${ITEM}`,
            r`(?:reenviei|reenviarei|reenviaremos|reenviamos)${ENCL}\s+(?:o\s+seu|seu|o)\s+(?:pedido|pacote)`,
          ),
          subj: r`(?:envie|mande|despache|providencie)m?\s+${REPLACEMENT}`,
        },
        escalation: {
          will: r`escalar(?:\s+${THIS_CASE})?`,
          doing: r`escalando(?:\s+${THIS_CASE})?`,
          now: r`(?:escalei|escalarei|escalaremos|escalamos)(?:\s+${THIS_CASE})?`,
        },
        assignment: {
          will: r`(?:atribuir|designar)\s+${THIS_CASE}\s+(?:a|ao|à|para)`,
          now: r`(?:atribuí|atribuirei|atribuiremos|atribuímos|designei|designarei|designaremos|designamos)\s+${THIS_CASE}\s+(?:a|ao|à|para)`,
        },
        handoff: {
          will: r`(?:encaminhar|transferir|repassar|enviar)\s+${HANDOFF_OBJ}\s+${DEST}`,
          doing: r`(?:encaminhando|transferindo|repassando|enviando)\s+${HANDOFF_OBJ}\s+${DEST}`,
          now: r`(?:encaminhei|encaminharei|encaminharemos|encaminhamos|transferi|transferirei|transferiremos|transferimos|repassei|repassarei|repassaremos|repassamos|enviei|enviarei|enviaremos|enviamos)\s+${HANDOFF_OBJ}\s+${DEST}`,
        },
      },
    ),
    ...rules([
      ...PASSIVE.map(
        ([kind, noun, participle]) =>
          [
            kind,
            r`${NP(noun)}(?:\s+${WORD}){0,5}?\s+(?:já\s+)?${PASS_AUX}(?:\s+(?:já|também))?\s+${participle}`,
          ] as const,
      ),
      [
        "refund",
        r`${B}(?:você\s+)?(?:receberá|vai\s+receber|irá\s+receber|verá|receberás|vai\s+ver)\s+(?:o|um|seu|o\s+seu)\s+${REFUND}`,
      ],
      [
        "replacement",
        r`${B}(?:você\s+)?(?:receberá|vai\s+receber|irá\s+receber|receberás)\s+${REPLACEMENT}`,
      ],
    ]),
  ],
  hints: {
    refund: hint("reembols|estorn|devol"),
    booking_change: hint(
      "reserv|data|estad|voo|viag|passage|bilhete|check|quarto|hosped|itiner|altera|mudan|remarc|troca",
    ),
    cancellation: hint("cancel|anul|encerr"),
    replacement: hint("nov|substitu|reposi|troc|reenvi"),
    escalation: hint("escal"),
    assignment: hint("atribu|design"),
    handoff: hint("encaminh|transfer|repass|envi"),
  },
  conditional: test(
    r`${B}(?:se|caso|desde\s+que|a\s+menos\s+que|a\s+não\s+ser\s+que|quando\s+(?:quiser|desejar|preferir))${E}`,
  ),
  negation: test(r`${B}(?:não|nunca|jamais)(?:\s+(?:lhe|te|o|a|os|as|se|me|nos|já|ainda))*\s*$`),
};
