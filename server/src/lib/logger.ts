import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs. Tokens, secrets and ticket text are redacted wherever they might be
 * passed in by mistake; routes log ids and sizes, never bodies.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "tandem" },
      redact: {
        paths: [
          "authorization",
          "token",
          "secret",
          "apiKey",
          "body",
          "ticket",
          "messages",
          "*.authorization",
          "*.token",
          "*.secret",
          "*.apiKey",
          "*.body",
          "*.ticket",
          "*.messages",
          "headers.authorization",
          "req.headers.authorization",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
