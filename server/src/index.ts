import { configFromEnv } from "./config";
import { EnvError, parseEnv } from "./env";
import { createLogger } from "./lib/logger";
import { startServer } from "./server";

async function main() {
  const config = configFromEnv(parseEnv(process.env));
  const logger = createLogger(config.logLevel);
  const running = await startServer(config, { logger });
  const where = config.databaseUrl ? "PostgreSQL" : `PGlite in ${config.dataDir}`;
  logger.info(
    { port: running.port, database: where, drafter: running.deps.drafterMode() },
    "Tandem server listening",
  );
  console.log(
    `\n  Tandem is running at http://localhost:${running.port}\n` +
      `  API browser:  http://localhost:${running.port}/docs\n` +
      `  Health:       http://localhost:${running.port}/health\n` +
      `  Data:         ${where}; drafter: ${running.deps.drafterMode()}\n`,
  );

  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    logger.info({ signal }, "shutting down: finishing in-flight requests");
    running
      .stop()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      });
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err) => {
  if (err instanceof EnvError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
