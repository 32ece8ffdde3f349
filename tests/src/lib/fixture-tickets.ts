import { sampleDirectory, ticketFrom } from "../simulators/shared/sample-data";
import { TicketStore } from "../simulators/shared/ticket-store";

/** Two short tickets for protocol tests and benchmarks. */
export function fixtureStore(): TicketStore {
  const directory = sampleDirectory();
  return new TicketStore(directory, [
    ticketFrom(
      {
        id: 1,
        subject: "Refund for order ORD-550871",
        requester: { id: 301, name: "Marta García", email: "marta@example.es", locale: "es" },
        tags: ["orders"],
        messages: [
          {
            from: "customer",
            text: "Hola, quiero la devolución del pedido ORD-550871. Llegó roto.",
            minutesAgo: 50,
          },
        ],
      },
      directory,
    ),
    ticketFrom(
      {
        id: 2,
        subject: "Change my booking dates",
        requester: { id: 302, name: "Tom Baker", email: "tom@example.com", locale: "en" },
        messages: [
          { from: "customer", text: "Can I move booking BK-1042 to 12–15 June?", minutesAgo: 20 },
        ],
      },
      directory,
    ),
  ]);
}
