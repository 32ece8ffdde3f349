import { commitmentKindsOf } from "@tandem/commitments";
import {
  type ApprovalRule,
  BuiltInActionParams,
  type BuiltInActionType,
  BuiltInActionTypes,
  type BusinessAction,
  type CommitmentKind,
  CommitmentKinds,
  changedTargetParams,
  DefaultBuiltInRules,
  isBuiltInActionType,
  type ParamField,
  type Policy,
  type PolicyInput,
  PolicyInputSchema,
  paramFieldsOf,
  type Risk,
  targetParamsOf,
} from "@tandem/shared";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { installations, policies } from "../db/schema";
import { AppError, type ErrorIssue } from "../errors";
import { agentActor } from "./agent-identity";
import { recordAuditEvent } from "./audit";
import type { VerbArgs } from "./verb-args";

// ajv-formats is CommonJS; its default export arrives nested under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    allowUnionTypes: true,
    // Checks across params (check-out after check-in, an amount within another param) are
    // stated in the schema as `{ "$data": "1/checkIn" }` references, not as home-made rules.
    $data: true,
    // Errors carry their schema value, so a failed `$data` check can name the other param.
    verbose: true,
    // Schemas come from admins; remote $refs would make the server fetch URLs.
    loadSchema: undefined,
  });
  addFormats(ajv);
  return ajv;
}

/** Built-in actions an agent would consider harmless vs. ones that change ownership or state. */
const BUILT_IN_RISK: Record<BuiltInActionType, Risk> = {
  set_status: "low",
  set_priority: "low",
  set_type: "low",
  add_tags: "low",
  remove_tags: "low",
  assign_group: "low",
  assign_agent: "low",
  set_custom_field: "medium",
  apply_macro: "medium",
  add_internal_note: "low",
};

export const BUILT_IN_TITLES: Record<BuiltInActionType, string> = {
  set_status: "Set status",
  set_priority: "Set priority",
  set_type: "Set type",
  add_tags: "Add tags",
  remove_tags: "Remove tags",
  assign_group: "Assign group",
  assign_agent: "Assign agent",
  set_custom_field: "Set field",
  apply_macro: "Apply macro",
  add_internal_note: "Add internal note",
};

function normalize(input: PolicyInput): Omit<Policy, "version" | "updatedAt"> {
  const parsed = PolicyInputSchema.parse(input);
  return {
    ...parsed,
    rules: { ...DefaultBuiltInRules, ...parsed.rules },
  };
}

function toPolicy(body: PolicyInput, version: number, updatedAt: Date): Policy {
  return { ...normalize(body), version, updatedAt: updatedAt.toISOString() };
}

/** The caller's policy; defaults (version 1) until an admin saves one. */
export async function getPolicy({ ctx }: VerbArgs<object>): Promise<Policy> {
  return readPolicy(ctx.db, ctx.tenant.installationId);
}

async function readPolicy(db: DbOrTx, installationId: string): Promise<Policy> {
  const [row] = await db.select().from(policies).where(eq(policies.installationId, installationId));
  if (row) return toPolicy(row.body, row.version, row.updatedAt);
  const [installation] = await db
    .select({ createdAt: installations.createdAt })
    .from(installations)
    .where(eq(installations.id, installationId));
  if (!installation) throw new AppError("NOT_FOUND", "Installation not found");
  return toPolicy({}, 1, installation.createdAt);
}

/** Compiles every business action's params schema; an invalid one is a 400 naming it. */
function compileBusinessActions(actions: BusinessAction[]): Map<string, ValidateFunction> {
  const ajv = newAjv();
  const compiled = new Map<string, ValidateFunction>();
  const issues: ErrorIssue[] = [];
  actions.forEach((action, index) => {
    try {
      compiled.set(action.type, ajv.compile(action.paramsSchema));
    } catch (err) {
      issues.push({
        path: `businessActions.${index}.paramsSchema`,
        message: `invalid JSON Schema: ${(err instanceof Error ? err.message : String(err)).slice(0, 300)}`,
      });
    }
  });
  if (issues.length > 0)
    throw new AppError("BAD_REQUEST", "Invalid business action schema", issues);
  return compiled;
}

/** A declared target param must be a param of the action, or nothing would ever be locked. */
function checkTargetParams(actions: BusinessAction[]): void {
  const issues: ErrorIssue[] = [];
  actions.forEach((action, index) => {
    const properties = action.paramsSchema.properties;
    const known =
      typeof properties === "object" && properties !== null ? Object.keys(properties) : [];
    (action.targetParams ?? []).forEach((name, position) => {
      if (!known.includes(name)) {
        issues.push({
          path: `businessActions.${index}.targetParams.${position}`,
          message: `'${name}' is not a property of paramsSchema`,
        });
      }
    });
  });
  if (issues.length > 0) throw new AppError("BAD_REQUEST", "Invalid target params", issues);
}

function diff(before: Policy, after: Omit<Policy, "version" | "updatedAt">) {
  const rules = BuiltInActionTypes.filter((t) => before.rules[t] !== after.rules[t]).map((t) => ({
    type: t,
    from: before.rules[t],
    to: after.rules[t],
  }));
  const beforeTypes = new Map(before.businessActions.map((a) => [a.type, a]));
  const afterTypes = new Map(after.businessActions.map((a) => [a.type, a]));
  return {
    rules,
    businessActionsAdded: [...afterTypes.keys()].filter((t) => !beforeTypes.has(t)),
    businessActionsRemoved: [...beforeTypes.keys()].filter((t) => !afterTypes.has(t)),
    businessActionsChanged: [...afterTypes.keys()].filter(
      (t) =>
        beforeTypes.has(t) &&
        JSON.stringify(beforeTypes.get(t)) !== JSON.stringify(afterTypes.get(t)),
    ),
    brandVoiceChanged: before.brandVoice !== after.brandVoice,
    instructionsChanged: before.instructions !== after.instructions,
    piiMaskingChanged: before.piiMasking !== after.piiMasking,
  };
}

/**
 * Replaces the policy. Every save bumps the version and leaves a `policy.changed` audit event
 * with what changed; `expectedVersion` (from If-Match) guards against overwriting a newer save.
 */
export async function updatePolicy({
  ctx,
  input,
}: VerbArgs<{ policy: PolicyInput; expectedVersion?: number | undefined }>): Promise<Policy> {
  const installationId = ctx.tenant.installationId;
  const { expectedVersion } = input;
  const actorId = agentActor(ctx).id;
  const next = normalize(input.policy);
  compileBusinessActions(next.businessActions);
  checkTargetParams(next.businessActions);
  const saved = await ctx.db.transaction(async (tx) => {
    const before = await readPolicy(tx, installationId);
    if (expectedVersion !== undefined && expectedVersion !== before.version) {
      throw new AppError(
        "CONFLICT",
        `The policy changed meanwhile (version ${before.version}, expected ${expectedVersion})`,
      );
    }
    const version = before.version + 1;
    const now = ctx.clock.now();
    const body: PolicyInput = next;
    const [row] = await tx
      .insert(policies)
      .values({ installationId, version, body, updatedBy: actorId, updatedAt: now })
      .onConflictDoUpdate({
        target: policies.installationId,
        // Incremented in SQL: two concurrent saves get distinct versions.
        set: {
          version: sql`${policies.version} + 1`,
          body,
          updatedBy: actorId,
          updatedAt: now,
        },
      })
      .returning();
    if (!row) throw new Error("policy upsert returned nothing");
    await recordAuditEvent(tx, {
      installationId,
      type: "policy.changed",
      actor: { kind: actorId ? "agent" : "admin", id: actorId },
      subjectId: String(row.version),
      data: { version: row.version, ...diff(before, next) },
    });
    return toPolicy(row.body, row.version, row.updatedAt);
  });
  // After the commit, so a concurrent read cannot re-cache the old version.
  recent.delete(installationId);
  return saved;
}

export interface CatalogEntry {
  type: string;
  kind: "field" | "business";
  title: string;
  description: string;
  rule: ApprovalRule;
  risk: Risk;
  /** JSON Schema of params, for the model prompt. */
  paramsSchema: Record<string, unknown>;
  endpoint?: string;
  /** Params naming the object a business action changes (locked on approval); none for built-ins. */
  targetParams: string[];
  /** The promises a business action backs, when the policy says (`BusinessAction.fulfils`). */
  fulfils?: CommitmentKind[];
  /** The promises approving it backs: the policy's `fulfils`, else guessed from type and title. */
  backs: CommitmentKind[];
  /** Business actions: the scalar params its schema declares, as the sidebar draws them. */
  paramFields: ParamField[];
}

/** A failed check's issues have paths inside the params (`amount`, `dates.0`; `""` = the whole). */
export type ParamsCheck =
  | { ok: true; params: Record<string, unknown> }
  | { ok: false; issues: ErrorIssue[] };

/** Issues of a params check, placed under `prefix` (e.g. `actions.0.params`) for an error body. */
export function paramsIssues(issues: ErrorIssue[], prefix: string): ErrorIssue[] {
  return issues.slice(0, 50).map((issue) => ({
    ...issue,
    path: (issue.path ? `${prefix}.${issue.path}` : prefix).slice(0, 500),
    message: issue.message.slice(0, 500),
  }));
}

/** Dotted instance path of an ajv error (`/dates/0` → `dates.0`). */
function dotted(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** The param a `{ "$data": "1/checkIn" }` reference points at, from the failing param's path. */
function dataReference(error: ErrorObject): string | null {
  const ref = (error.schema as { $data?: unknown } | undefined)?.$data;
  if (typeof ref !== "string") return null;
  if (ref.startsWith("/")) return dotted(ref);
  const match = /^(\d+)((?:\/.*)?)$/.exec(ref);
  if (!match) return null;
  const up = Number(match[1]);
  const segments = error.instancePath.split("/").slice(1);
  if (up > segments.length) return null;
  const base = segments.slice(0, segments.length - up).join(".");
  const rest = dotted(match[2] ?? "");
  return [base, rest].filter(Boolean).join(".") || null;
}

/** Comparison keywords, worded for people; `{ limit }` and `{ field }` fill the blanks. */
const COMPARISONS: Record<string, string> = {
  formatExclusiveMinimum: "must be after",
  formatMinimum: "must not be before",
  formatExclusiveMaximum: "must be before",
  formatMaximum: "must not be after",
  maximum: "must be at most",
  minimum: "must be at least",
  exclusiveMaximum: "must be less than",
  exclusiveMinimum: "must be more than",
};

/**
 * An ajv error as an issue that names the param (a missing one too) and keeps the schema keyword
 * and its limit, so a client can word it in the agent's language (`keyword` + `params`).
 */
function issueOf(error: ErrorObject): ErrorIssue {
  let path = dotted(error.instancePath);
  const params: Record<string, string | number | boolean> = {};
  let message = error.message ?? "is invalid";
  if (error.keyword === "required" && typeof error.params.missingProperty === "string") {
    path = [path, error.params.missingProperty].filter(Boolean).join(".");
    message = "is required";
  } else if (error.keyword in COMPARISONS) {
    const limit = error.params.limit as unknown;
    if (typeof limit === "string" || typeof limit === "number") params.limit = limit;
    const field = dataReference(error);
    if (field) params.field = field;
    const shown = field ? `${field}${params.limit !== undefined ? ` (${limit})` : ""}` : limit;
    message = `${COMPARISONS[error.keyword]} ${String(shown)}`;
  } else if (error.keyword === "additionalProperties") {
    const extra = error.params.additionalProperty;
    if (typeof extra === "string") path = [path, extra].filter(Boolean).join(".");
    message = "is not a param of this action";
  }
  return {
    path,
    message,
    keyword: error.keyword,
    ...(Object.keys(params).length ? { params } : {}),
  };
}

/**
 * Issues of a failed ajv validation. A cross-param check against a param that is itself invalid
 * says nothing new (`checkOut` cannot be "after" a malformed `checkIn`), so it is left out.
 */
function ajvIssues(errors: ErrorObject[]): ErrorIssue[] {
  const failing = new Set(errors.map((e) => dotted(e.instancePath)));
  return errors
    .filter((error) => {
      const field = error.keyword in COMPARISONS ? dataReference(error) : null;
      return !field || !failing.has(field);
    })
    .map(issueOf);
}

/**
 * Target params that approving would change, as issues under `prefix` (`actions.0.params`,
 * `params`): an approver may correct dates or amounts, never re-point the action at another
 * customer's object (the booking, the order).
 */
export function lockedTargetIssues(
  targets: readonly string[],
  proposed: Record<string, unknown>,
  approved: Record<string, unknown>,
  prefix: string,
): ErrorIssue[] {
  return changedTargetParams(targets, proposed, approved).map((name) => ({
    path: `${prefix}.${name}`,
    message: `'${name}' names what this action changes and cannot be edited on approval`,
    keyword: "targetParams",
    params: { field: name },
  }));
}

/** `409 TARGET_LOCKED` naming the locked params; nothing may be recorded or run after it. */
export function targetLockedError(issues: ErrorIssue[]): AppError {
  const names = [...new Set(issues.map((issue) => `'${issue.params?.field ?? issue.path}'`))];
  return new AppError(
    "TARGET_LOCKED",
    `${names.join(", ")} ${names.length === 1 ? "names" : "name"} what this action changes and cannot be edited on approval; reject the action instead`,
    issues,
  );
}

/** One line per issue, for logs and audit details. */
export function describeIssues(issues: ErrorIssue[]): string[] {
  return issues.map((issue) => `${issue.path || "params"}: ${issue.message}`);
}

/** The policy resolved into what drafting and decisions need: rules and params validators. */
export interface ActionCatalog {
  policy: Policy;
  entries: CatalogEntry[];
  entry(type: string): CatalogEntry | null;
  /** Promise kinds some action the policy does not block can back ("Add action" is offered). */
  backableKinds: CommitmentKind[];
  validateParams(type: string, params: unknown): ParamsCheck;
}

const builtInSchemas = new Map<string, Record<string, unknown>>();
function builtInJsonSchema(type: BuiltInActionType): Record<string, unknown> {
  let schema = builtInSchemas.get(type);
  if (!schema) {
    const { $schema: _omit, ...rest } = (
      BuiltInActionParams[type] as unknown as { toJSONSchema(): Record<string, unknown> }
    ).toJSONSchema();
    schema = rest;
    builtInSchemas.set(type, schema);
  }
  return schema;
}

const catalogCache = new Map<string, ActionCatalog>();

export function buildCatalog(policy: Policy): ActionCatalog {
  const validators = compileBusinessActions(policy.businessActions);
  const entries: CatalogEntry[] = [
    ...BuiltInActionTypes.map(
      (type): CatalogEntry => ({
        type,
        kind: "field",
        title: BUILT_IN_TITLES[type],
        description: "",
        rule: policy.rules[type],
        risk: BUILT_IN_RISK[type],
        paramsSchema: builtInJsonSchema(type),
        targetParams: [],
        backs: commitmentKindsOf({ type, kind: "field" }),
        paramFields: [],
      }),
    ),
    ...policy.businessActions.map(
      (a): CatalogEntry => ({
        type: a.type,
        kind: "business",
        title: a.title,
        description: a.description,
        rule: a.approval,
        risk: a.risk,
        paramsSchema: a.paramsSchema,
        endpoint: a.endpoint,
        targetParams: targetParamsOf(a),
        ...(a.fulfils ? { fulfils: a.fulfils } : {}),
        backs: commitmentKindsOf({
          type: a.type,
          kind: "business",
          title: a.title,
          fulfils: a.fulfils ?? null,
        }),
        paramFields: paramFieldsOf(a.paramsSchema),
      }),
    ),
  ];
  const byType = new Map(entries.map((e) => [e.type, e]));
  const backable = new Set(entries.filter((e) => e.rule !== "blocked").flatMap((e) => e.backs));
  return {
    policy,
    entries,
    entry: (type) => byType.get(type) ?? null,
    backableKinds: CommitmentKinds.filter((kind) => backable.has(kind)),
    validateParams(type, params) {
      if (isBuiltInActionType(type)) {
        const result = BuiltInActionParams[type].safeParse(params);
        return result.success
          ? { ok: true, params: result.data as Record<string, unknown> }
          : {
              ok: false,
              issues: result.error.issues.map((i) => ({
                path: i.path.join("."),
                message: i.message,
              })),
            };
      }
      const validate = validators.get(type);
      if (!validate)
        return { ok: false, issues: [{ path: "", message: `unknown action type '${type}'` }] };
      if (!params || typeof params !== "object" || Array.isArray(params)) {
        return { ok: false, issues: [{ path: "", message: "params must be an object" }] };
      }
      if (validate(params)) return { ok: true, params: params as Record<string, unknown> };
      return { ok: false, issues: ajvIssues(validate.errors ?? []) };
    },
  };
}

/**
 * Catalogs read in the last few seconds, per installation: drafting reads the policy on every
 * draft. A save in this process evicts its entry at once; another server process sees it
 * within RECENT_MS.
 */
const recent = new Map<string, { catalog: ActionCatalog; at: number }>();
const RECENT_MS = 2_000;

/** The catalog for an installation, compiled once per policy version. */
export async function loadCatalog(db: DbOrTx, installationId: string): Promise<ActionCatalog> {
  const now = Date.now();
  const hit = recent.get(installationId);
  if (hit && now - hit.at < RECENT_MS) return hit.catalog;
  const policy = await readPolicy(db, installationId);
  const key = `${installationId}:${policy.version}:${policy.updatedAt}`;
  let catalog = catalogCache.get(key);
  if (!catalog) {
    catalog = buildCatalog(policy);
    if (catalogCache.size > 500) catalogCache.clear();
    catalogCache.set(key, catalog);
  }
  if (recent.size > 5_000) recent.clear();
  recent.set(installationId, { catalog, at: now });
  return catalog;
}
