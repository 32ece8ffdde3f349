import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".map": "application/json",
  ".ico": "image/x-icon",
};

export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
}

/** Resolves `relative` inside `root`, refusing anything that escapes it. */
export function safeJoin(root: string, relative: string): string | null {
  const decoded = (() => {
    try {
      return decodeURIComponent(relative);
    } catch {
      return null;
    }
  })();
  if (decoded === null || decoded.includes("\0")) return null;
  const full = normalize(join(root, decoded));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

/** Reads a file under `root` (fresh on every request, so rebuilt apps show up), or null. */
export async function readStatic(
  root: string,
  relative: string,
): Promise<{ path: string; body: Buffer } | null> {
  const path = safeJoin(root, relative);
  if (!path) return null;
  try {
    if (!(await stat(path)).isFile()) return null;
    return { path, body: await readFile(path) };
  } catch {
    return null;
  }
}

export function fileResponse(file: { path: string; body: Buffer }, body?: string): Response {
  return new Response(body ?? new Uint8Array(file.body), {
    headers: { "content-type": contentTypeOf(file.path), "cache-control": "no-store" },
  });
}
