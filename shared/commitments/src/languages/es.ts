import type { CommitmentKind } from "@tandem/shared";
import { alt, B, compose, E, hint, type LanguagePack, rules, test, WORD } from "../pattern";

const r = String.raw;

const ADV = r`(?:\s+(?:ya|también|personalmente|hoy|ahora|directamente|correctamente|inmediatamente|finalmente|mismo))`;
const ADVS = `${ADV}{0,2}`;
/** Object pronouns before a conjugated verb: "te he enviado", "se lo he pedido". */
const CL = r`(?:(?:te|le|les|os|se|lo|la|los|las)\s+)`;
const TEAM = r`${B}(?:nuestr[oa]s?|el|la|los|las)\s+(?:equipos?|departamentos?|compañer[oa]s?|colegas?|hotel|almacén|aerolínea|área|especialistas?|responsables?)(?:\s+de\s+\p{L}+)?`;
const WHO = r`(?:a|al|a\s+la|a\s+los|a\s+las)\s+(?:nuestr[oa]s?\s+|un[oa]?\s+)?(?:equipos?|departamentos?|compañer[oa]s?|colegas?|agentes?|especialistas?|hotel|almacén|aerolínea|área|responsables?)(?:\s+de\s+\p{L}+)?`;

const DONE = r`${B}${CL}{0,2}(?:he|hemos)${ADVS}\s+`;
const WILL = r`${B}${CL}{0,2}(?:voy|vamos)\s+a${ADVS}\s+`;

const DET = r`(?:el|la|un|una|tu|su|vuestro|vuestra|este|esta)`;
const REFUND = r`(?:reembolsos?|devoluci[óo]n\s+del?\s+(?:importe|dinero|pago|cobro)|devoluci[óo]n(?!\s+del?\s+(?:artículo|articulo|producto|paquete|pedido|set))|reintegro)(?!\s+(?:según|de\s+acuerdo))`;
const MONEY = r`(?:el|tu|su|todo\s+el)\s+(?:importe|dinero|pago|cobro)`;

const BOOKING = r`(?:reservas?|fechas?|estancia|estadía|vuelos?|viaje|billetes?|entrada|salida|check-?in|check-?out|habitación|itinerario|alojamiento|cita)`;
const NP_BOOKING = r`(?:tu|su|la|las|el|los|vuestra|vuestro|esta|este|ambas)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+${BOOKING}`;
const CHANGE = alt(
  r`(?:el|un|tu|su)\s+cambio\s+de\s+(?:fechas?|reserva|vuelo|habitación|alojamiento)`,
  r`(?:el|un|tu|su)\s+cambio\s+(?:en|de)\s+${NP_BOOKING}`,
  r`(?:las|tus|sus)\s+nuevas\s+fechas`,
  r`(?:la|una)\s+modificación\s+(?:de|en)\s+${NP_BOOKING}`,
);

const CANCELLABLE = r`(?:pedidos?|reservas?|suscripci[óo]n|suscripciones|cuenta|plan|membresía|viaje|vuelos?|contrato|renovación|cita|excursión|compra|seguro|billetes?|estancia)`;
const NP_CANCELLABLE = r`(?:tu|su|el|la|los|las|vuestro|vuestra|este|esta)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+${CANCELLABLE}`;
const CANCELLATION = r`(?:la|una|tu|su)\s+(?:cancelación|anulación|baja)`;

const REPLACEMENT = r`(?:un|una|el|la|tu|su|otr[oa])\s+(?:(?:nuevo|nueva)\s+\p{L}+|reemplazo|sustituto|sustitución|repuesto|recambio|(?:artículo|producto|set|juego|paquete|envío|maleta|dispositivo)\s+(?:nuev[oa]|de\s+reemplazo|de\s+sustitución|sustituto)|igual)`;
const ITEM = r`(?:tu|su|el|la)\s+(?:artículo|producto|pedido|set|juego|maleta|paquete|dispositivo)`;

const CASE = r`(?:caso|ticket|tique|solicitud|consulta|incidencia|reclamación|petición|queja|mensaje|problema|pregunta|expediente)`;
const THIS_CASE = r`(?:(?:tu|su|el|la|este|esta)\s+${CASE})`;
const HIGHER = r`(?:a|al|a\s+la|a\s+nuestr[oa])(?:\s+[\p{L}-]+){0,2}?\s+(?:responsable|supervisor[a]?|gerente|jef[ea]|encargad[oa]|nivel\s+superior|segundo\s+nivel|dirección)`;
/** A team or outside party; "a un compañero" is not one. */
const DEST = r`(?:a|al|a\s+la|a\s+los|a\s+las)\s+(?:nuestr[oa]s?\s+)?(?:(?:equipo|departamento|área|sección|servicio|gerencia|oficina|centro)(?:\s+de\s+\p{L}+(?:\s+\p{L}+)?)?|especialistas|expertos|responsables|hotel|aerolínea|almacén|transportista|proveedor|facturación|contabilidad|administración)`;
const HANDOFF_OBJ = r`(?:${THIS_CASE}|(?:tus|sus|los)\s+(?:datos|detalles|fotos|documentos))`;

const PASSIVE: Array<[CommitmentKind, string, string]> = [
  [
    "refund",
    REFUND,
    r`(?:aprobad|tramitad|procesad|emitid|realizad|autorizad|solicitad|confirmad|gestionad|efectuad|iniciad|ordenad)[oa]|en\s+(?:camino|curso|marcha)`,
  ],
  [
    "refund",
    r`(?:pedidos?|importe|dinero|pagos?|cobros?|compra|cargos?|reservas?)`,
    r`(?:reembolsad|devuelt|abonad|reintegrad)[oa]s?`,
  ],
  [
    "booking_change",
    BOOKING,
    r`(?:cambiad|modificad|movid|actualizad|trasladad|reprogramad|pospuest|adelantad|aplazad|ampliad)[oa]s?`,
  ],
  [
    "booking_change",
    r`(?:cambio|modificación|nuevas\s+fechas)`,
    r`(?:confirmad|tramitad|realizad|hech|aplicad|aprobad|procesad|solicitad|gestionad)[oa]s?`,
  ],
  ["cancellation", CANCELLABLE, r`(?:(?:cancelad|anulad)[oa]s?|dad[oa]s?\s+de\s+baja)`],
  [
    "cancellation",
    r`(?:cancelación|anulación|baja)`,
    r`(?:confirmad|tramitad|procesad|realizad|solicitad|aprobad|gestionad|hech)a`,
  ],
  [
    "replacement",
    r`(?:reemplazo|sustituto|repuesto|recambio|(?:nuevo|nueva)\s+\p{L}+|\p{L}+\s+nuev[oa])`,
    r`(?:(?:enviad|despachad|tramitad|solicitad|pedid|preparad|aprobad|expedid)[oa]|en\s+camino)`,
  ],
  ["escalation", CASE, r`(?:escalad|elevad)[oa]`],
  ["assignment", CASE, r`asignad[oa]\s+a`],
  [
    "handoff",
    r`(?:${CASE}|datos|detalles|fotos|documentos)`,
    r`(?:derivad|transferid|reenviad|trasladad|pasad|remitid|enviad|transmitid)[oa]s?\s+${DEST}`,
  ],
];

const PASS_AUX = r`(?:(?:ha|han)\s+(?:sido|quedado)|fue|fueron|será|serán|(?:está|están)\s+siendo|queda|quedan|quedó|quedaron|está|están|va\s+a\s+ser|van\s+a\s+ser)`;
const NP = (noun: string) =>
  r`${B}(?:tu|su|el|la|los|las|vuestro|vuestra|este|esta|un|una)(?:\s+[\p{L}\p{N}-]+){0,2}?\s+${noun}`;

export const es: LanguagePack = {
  language: "es",
  rules: [
    ...compose(
      {
        done: [DONE, r`${TEAM}\s+(?:ya\s+)?(?:ha|han)${ADVS}\s+`],
        will: [
          WILL,
          r`${B}${CL}{0,2}(?:procedo|procedemos)\s+a${ADVS}\s+`,
          r`${TEAM}\s+(?:va|van)\s+a${ADVS}\s+`,
        ],
        doing: [r`${B}(?:estoy|estamos)${ADVS}\s+`, r`${TEAM}\s+(?:está|están)${ADVS}\s+`],
        now: [r`${B}(?:(?:ya|yo|nosotros|también|hoy)\s+)?${CL}{0,2}`],
        present: [r`${B}(?:(?:ya|hoy)\s+)?(?:te|le|les|os)\s+(?:lo\s+|la\s+)?`],
        subj: [
          r`${alt(DONE, WILL)}(?:pedido|solicitado|indicado|encargado|pedir|solicitar|indicar|encargar)\s+${WHO}\s+que\s+`,
          r`${B}${CL}{0,2}(?:pedí|pediré|pediremos|solicité|solicitaré|solicitaremos)\s+${WHO}\s+que\s+`,
        ],
      },
      {
        refund: {
          done: alt(
            r`reembolsado`,
            r`devuelto\s+${MONEY}`,
            r`abonado`,
            r`(?:aprobado|tramitado|procesado|emitido|gestionado|solicitado|iniciado|autorizado|confirmado|realizado|ordenado|cursado|efectuado|hecho|pedido|lanzado)\s+${DET}\s+${REFUND}`,
          ),
          will: alt(
            r`reembolsar(?:te|le|les|os)?`,
            r`devolver(?:te|le|les|os)?\s+${MONEY}`,
            r`abonar(?:te|le|les|os)?`,
            r`(?:aprobar|tramitar|procesar|emitir|gestionar|solicitar|iniciar|autorizar|confirmar|realizar|ordenar|cursar|efectuar|hacer|pedir|lanzar)(?:te|le|les|os)?\s+${DET}\s+${REFUND}`,
          ),
          doing: alt(
            r`reembolsándo(?:te|le|les|os)`,
            r`devolviéndo(?:te|le|les|os)\s+${MONEY}`,
            r`(?:aprobando|tramitando|procesando|emitiendo|gestionando|solicitando|iniciando|autorizando|realizando|efectuando|haciendo|pidiendo)\s+${DET}\s+${REFUND}`,
          ),
          now: alt(
            r`(?:reembolsé|reembolsaré|reembolsaremos|aboné|abonaré|abonaremos)`,
            r`(?:devolví|devolveré|devolveremos)\s+${MONEY}`,
            r`(?:aprobé|aprobaré|aprobaremos|tramité|tramitaré|tramitaremos|procesé|procesaré|procesaremos|emití|emitiré|emitiremos|gestioné|gestionaré|gestionaremos|solicité|solicitaré|solicitaremos|inicié|iniciaré|iniciaremos|autoricé|autorizaré|autorizaremos|realicé|realizaré|realizaremos|hice|haré|haremos|pedí|pediré|pediremos)\s+${DET}\s+${REFUND}`,
          ),
          present: alt(
            r`(?:reembolsamos|reembolso|abonamos|abono)`,
            r`(?:devolvemos|devuelvo)\s+${MONEY}`,
            r`(?:tramitamos|tramito|procesamos|proceso|emitimos|emito|hacemos|hago)\s+${DET}\s+${REFUND}`,
          ),
          subj: alt(
            r`(?:reembolse|abone)n?`,
            r`devuelvan?\s+${MONEY}`,
            r`(?:apruebe|tramite|procese|emita|gestione|autorice|realice|haga)n?\s+${DET}\s+${REFUND}`,
          ),
        },
        booking_change: {
          done: alt(
            r`(?:cambiado|modificado|movido|actualizado|trasladado|reprogramado|pospuesto|adelantado|aplazado|ampliado)\s+${NP_BOOKING}`,
            r`(?:tramitado|gestionado|solicitado|confirmado|realizado|hecho|aplicado|aprobado|procesado|pedido)\s+${CHANGE}`,
          ),
          will: alt(
            r`(?:cambiar|modificar|mover|actualizar|trasladar|reprogramar|posponer|adelantar|aplazar|ampliar)(?:te|le|les|os)?\s+${NP_BOOKING}`,
            r`(?:tramitar|gestionar|solicitar|confirmar|realizar|hacer|aplicar|aprobar|procesar|pedir)(?:te|le|les|os)?\s+${CHANGE}`,
          ),
          doing: alt(
            r`(?:cambiando|modificando|moviendo|actualizando|trasladando|reprogramando|posponiendo|adelantando|aplazando|ampliando)\s+${NP_BOOKING}`,
            r`(?:tramitando|gestionando|solicitando|realizando|haciendo|aplicando|aprobando|procesando|pidiendo)\s+${CHANGE}`,
          ),
          now: alt(
            r`(?:cambié|cambiaré|cambiaremos|modifiqué|modificaré|modificaremos|moví|moveré|moveremos|actualicé|actualizaré|actualizaremos|trasladé|trasladaré|trasladaremos|reprogramé|reprogramaré|reprogramaremos|pospuse|pospondré|pospondremos|adelanté|adelantaré|adelantaremos|aplacé|aplazaré|aplazaremos)\s+${NP_BOOKING}`,
            r`(?:tramité|tramitaré|tramitaremos|gestioné|gestionaré|gestionaremos|solicité|solicitaré|solicitaremos|realicé|realizaré|realizaremos|hice|haré|haremos|apliqué|aplicaré|aplicaremos|aprobé|aprobaré|aprobaremos)\s+${CHANGE}`,
          ),
          present: r`(?:cambiamos|modificamos|movemos|actualizamos|trasladamos|cambio|modifico|muevo)\s+${NP_BOOKING}`,
          subj: alt(
            r`(?:cambie|modifique|mueva|actualice|traslade|reprograme|posponga|adelante|aplace)n?\s+${NP_BOOKING}`,
            r`(?:tramite|gestione|realice|haga|aplique|apruebe|procese)n?\s+${CHANGE}`,
          ),
        },
        cancellation: {
          done: alt(
            r`(?:cancelado|anulado|dado\s+de\s+baja)\s+${NP_CANCELLABLE}`,
            r`(?:tramitado|gestionado|procesado|confirmado|realizado|solicitado|hecho|aprobado)\s+${CANCELLATION}`,
          ),
          will: alt(
            r`(?:cancelar|anular)(?:te|le|les|os)?\s+${NP_CANCELLABLE}`,
            r`dar(?:te|le|les|os)?\s+de\s+baja\s+${NP_CANCELLABLE}`,
            r`(?:tramitar|gestionar|procesar|confirmar|realizar|solicitar|hacer|aprobar)(?:te|le|les|os)?\s+${CANCELLATION}`,
          ),
          doing: alt(
            r`(?:cancelando|anulando)\s+${NP_CANCELLABLE}`,
            r`(?:tramitando|gestionando|procesando|realizando|solicitando|haciendo)\s+${CANCELLATION}`,
          ),
          now: alt(
            r`(?:cancelé|cancelaré|cancelaremos|anulé|anularé|anularemos|di\s+de\s+baja|daré\s+de\s+baja|daremos\s+de\s+baja)\s+${NP_CANCELLABLE}`,
            r`(?:tramité|tramitaré|tramitaremos|gestioné|gestionaré|gestionaremos|procesé|procesaré|procesaremos|confirmé|confirmaré|confirmaremos|solicité|solicitaré|solicitaremos)\s+${CANCELLATION}`,
          ),
          present: r`(?:cancelamos|anulamos|cancelo|anulo)\s+${NP_CANCELLABLE}`,
          subj: alt(
            r`(?:cancele|anule)n?\s+${NP_CANCELLABLE}`,
            r`(?:tramite|gestione|procese|realice)n?\s+${CANCELLATION}`,
          ),
        },
        replacement: {
          done: alt(
            r`(?:enviado|mandado|despachado|tramitado|solicitado|pedido|gestionado|preparado|aprobado|remitido|expedido)\s+${REPLACEMENT}`,
            r`(?:reemplazado|sustituido)\s+${ITEM}`,
            r`reenviado\s+(?:tu|su|el)\s+(?:pedido|paquete)`,
          ),
          will: alt(
            r`(?:enviar|mandar|despachar|tramitar|solicitar|pedir|gestionar|preparar|aprobar|remitir|expedir)(?:te|le|les|os)?\s+${REPLACEMENT}`,
            r`(?:reemplazar|sustituir)(?:te|le|les|os)?\s+${ITEM}`,
            r`reenviar(?:te|le|les|os)?\s+(?:tu|su|el)\s+(?:pedido|paquete)`,
          ),
          doing: alt(
            r`(?:enviando|mandando|despachando|tramitando|solicitando|pidiendo|gestionando|preparando)(?:te|le|les|os)?\s+${REPLACEMENT}`,
            r`(?:reemplazando|sustituyendo)\s+${ITEM}`,
          ),
          now: alt(
            r`(?:envié|enviaré|enviaremos|mandé|mandaré|mandaremos|despaché|despacharé|despacharemos|tramité|tramitaré|tramitaremos|solicité|solicitaré|solicitaremos|pedí|pediré|pediremos|gestioné|gestionaré|gestionaremos|preparé|prepararé|prepararemos)\s+${REPLACEMENT}`,
            r`(?:reemplacé|reemplazaré|reemplazaremos|sustituí|sustituiré|sustituiremos)\s+${ITEM}`,
            r`(?:reenvié|reenviaré|reenviaremos)\s+(?:tu|su|el)\s+(?:pedido|paquete)`,
          ),
          present: r`(?:enviamos|mandamos|envío|mando)\s+${REPLACEMENT}`,
          subj: r`(?:envíe|mande|despache|tramite|prepare)n?\s+${REPLACEMENT}`,
        },
        escalation: {
          done: alt(r`escalado(?:\s+${THIS_CASE})?`, r`elevado\s+${THIS_CASE}\s+${HIGHER}`),
          will: alt(
            r`escalar(?:lo|la|te)?(?:\s+${THIS_CASE})?`,
            r`elevar(?:lo|la)?\s+${THIS_CASE}\s+${HIGHER}`,
          ),
          doing: r`escalando(?:\s+${THIS_CASE})?`,
          now: alt(
            r`(?:escalé|escalaré|escalaremos)(?:\s+${THIS_CASE})?`,
            r`(?:elevé|elevaré|elevaremos)\s+${THIS_CASE}\s+${HIGHER}`,
          ),
          subj: r`escalen?(?:\s+${THIS_CASE})?`,
        },
        assignment: {
          done: alt(
            r`asignado\s+${THIS_CASE}\s+a`,
            r`asignado\s+(?:a\s+)?(?:un|una)\s+(?:especialista|agente|técnic[oa]|compañer[oa]|responsable|gestor[a]?)\s+(?:a|para)\s+${THIS_CASE}`,
          ),
          will: r`asignar(?:lo|la)?\s+${THIS_CASE}\s+a`,
          doing: r`asignando\s+${THIS_CASE}\s+a`,
          now: r`(?:asigné|asignaré|asignaremos)\s+${THIS_CASE}\s+a`,
        },
        handoff: {
          done: r`(?:derivado|transferido|reenviado|trasladado|pasado|remitido|enviado|transmitido|comunicado)\s+${HANDOFF_OBJ}\s+${DEST}`,
          will: r`(?:derivar|transferir|reenviar|trasladar|pasar|remitir|enviar|transmitir|comunicar)(?:lo|la|los|las)?\s+${HANDOFF_OBJ}\s+${DEST}`,
          doing: r`(?:derivando|transfiriendo|reenviando|trasladando|pasando|remitiendo|enviando|transmitiendo)\s+${HANDOFF_OBJ}\s+${DEST}`,
          now: r`(?:derivé|derivaré|derivaremos|transferí|transferiré|transferiremos|reenvié|reenviaré|reenviaremos|trasladé|trasladaré|trasladaremos|pasé|pasaré|pasaremos|remití|remitiré|remitiremos|envié|enviaré|enviaremos)\s+${HANDOFF_OBJ}\s+${DEST}`,
        },
      },
    ),
    ...rules([
      ...PASSIVE.map(
        ([kind, noun, participle]) =>
          [
            kind,
            r`${NP(noun)}(?:\s+${WORD}){0,5}?\s+(?:ya\s+)?${PASS_AUX}(?:\s+(?:ya|correctamente|también))?\s+${participle}`,
          ] as const,
      ),
      [
        "refund",
        r`${B}(?:recibirás|recibirá|recibiréis|recibirán|verás|verá|veréis|tendrás|tendrá)\s+${DET}\s+${REFUND}`,
      ],
      [
        "refund",
        r`${B}(?:el|tu|su)\s+${REFUND}(?:\s+\p{L}+)?\s+(?:llegará|aparecerá|se\s+verá|se\s+reflejará|estará\s+en)`,
      ],
      [
        "replacement",
        r`${B}(?:recibirás|recibirá|recibiréis|recibirán|te\s+llegará|le\s+llegará)\s+${REPLACEMENT}`,
      ],
    ]),
  ],
  hints: {
    refund: hint("reembols|devol|devuel|abon|reintegr"),
    booking_change: hint(
      "reserv|fecha|estanc|estad|vuelo|viaje|billete|entrada|salida|check|habitaci|itinerario|alojamiento|cita|cambio|modificaci",
    ),
    cancellation: hint("cancel|anul|baja"),
    replacement: hint("nuev|reemplaz|sustitu|repuesto|recambio|igual|reenv"),
    escalation: hint("escal|elev"),
    assignment: hint("asign"),
    handoff: hint("deriv|transfer|reenv|traslad|pas|remit|envi|transmit|comunic"),
  },
  conditional: test(
    r`${B}(?:si|en\s+caso\s+de|siempre\s+que|a\s+menos\s+que|salvo\s+que|por\s+si|cuando\s+(?:quieras|desees|lo\s+desees|prefieras))${E}`,
  ),
  negation: test(
    r`${B}(?:no|nunca|jamás|tampoco)(?:\s+(?:te|le|les|lo|la|los|las|se|os|me|nos|ya|todavía|aún))*\s*$`,
  ),
};
