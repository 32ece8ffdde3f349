import { Limits } from "@tandem/shared";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { AppError, onError, onNotFound } from "./errors";
import { contextMiddleware } from "./middleware/context";
import { requestLogger } from "./middleware/request-logger";
import { openApiDocument, operationsOf } from "./openapi/document";
import { openApiRouter } from "./openapi/route";
import { adminRoutes } from "./routes/admin";
import { analyticsRoutes } from "./routes/analytics";
import { approvalRoutes } from "./routes/approvals";
import { dashboardRoutes } from "./routes/dashboard";
import { decisionRoutes } from "./routes/decisions";
import { docsRoutes } from "./routes/docs";
import { draftRoutes } from "./routes/drafts";
import { healthRoutes } from "./routes/health";
import { helpdeskOperatorRoutes, helpdeskRoutes } from "./routes/helpdesk";
import { installationRoutes } from "./routes/installation";
import { knowledgeRoutes } from "./routes/knowledge";
import { policyRoutes } from "./routes/policy";
import { webhookRoutes } from "./routes/webhooks";
import type { AppDeps, AppEnv } from "./types";

export type { AppDeps } from "./types";

/** Every route of the API, each declared once with its OpenAPI (`openapi/route.ts`). */
function apiRouter() {
  return openApiRouter()
    .route("/", healthRoutes)
    .route("/v1/admin", adminRoutes)
    .route("/v1", installationRoutes)
    .route("/v1/knowledge", knowledgeRoutes)
    .route("/v1/policy", policyRoutes)
    .route("/v1", draftRoutes)
    .route("/v1", approvalRoutes)
    .route("/v1", decisionRoutes)
    .route("/v1", analyticsRoutes)
    .route("/", dashboardRoutes)
    .route("/v1/webhooks", webhookRoutes)
    .route("/v1", helpdeskRoutes)
    .route("/v1/admin", helpdeskOperatorRoutes);
}

/** The OpenAPI 3.1 document of every route (served at /openapi.json). */
export function apiDocument(info: { version: string; serverUrl: string }) {
  return openApiDocument(apiRouter(), info);
}

/** Every documented operation with who may call it (the scope table test sweeps these). */
export function apiOperations() {
  return operationsOf(apiDocument({ version: "0", serverUrl: "http://localhost" }));
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{8,64}$/;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  /** Middleware */
  app.use(
    requestId({
      generator: () => crypto.randomUUID(),
      limitLength: 64,
    }),
  );
  app.use(async (c, next) => {
    // An inbound X-Request-Id is kept only if it looks like an id (it lands in our logs).
    if (!REQUEST_ID_PATTERN.test(c.get("requestId"))) c.set("requestId", crypto.randomUUID());
    c.set("deps", deps);
    await next();
  });
  app.use(requestLogger);
  app.use(contextMiddleware);
  app.use(secureHeaders({ xFrameOptions: false, crossOriginResourcePolicy: false }));
  app.use(
    "/v1/*",
    cors({
      origin: (origin) => (deps.config.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type", "X-Request-Id", "X-Tandem-Agent-Jwt"],
      allowMethods: ["GET", "POST", "PUT", "DELETE", "OPTIONS"],
      maxAge: 600,
    }),
  );
  const limitBody = bodyLimit({
    maxSize: Limits.maxBodyBytes,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `Request body exceeds ${Limits.maxBodyBytes} bytes`);
    },
  });
  // A GET or HEAD has no body to limit; asking for one would make the Node adapter build a full
  // web Request for every read (a measurable share of a stored draft read's CPU).
  app.use("/v1/*", (c, next) =>
    c.req.method === "GET" || c.req.method === "HEAD" ? next() : limitBody(c, next),
  );

  /** Routes */
  app.route("/", docsRoutes(apiDocument)).route("/", apiRouter());

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}
