import type { Access } from "../openapi/route";

/**
 * The access levels the routes share. A level's scopes are listed in the order the OpenAPI
 * document shows them.
 */

/** The helpdesk apps only: what an agent does in the sidebar (draft, decide). */
export const sidebar: Access = { security: "installation", scopes: ["app"] };

/** What the helpdesk apps and the installation's admins both read. */
export const appOrAdmin: Access = { security: "installation", scopes: ["app", "admin"] };

/** The installation's admin token: policy, knowledge, tokens, helpdesk connection, jobs, audit. */
export const admin: Access = { security: "installation", scopes: ["admin"] };

/** The operator (ADMIN_TOKEN), acting across installations. */
export const operator: Access = { security: "admin" };
