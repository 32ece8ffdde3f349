import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BrowserContext,
  chromium,
  type Frame,
  type Locator,
  type Page,
} from "playwright-core";
import { ZAF_SDK_CDN_URL, zafSdkScript } from "../lib/browser-bundle";
import { isLoopbackUrl } from "../lib/http";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Whether the browser suite can run here; CI installs Debian's Chromium (`.ci/run`). */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  console.warn(
    `\n  Browser e2e tests skipped: no Chromium at ${CHROMIUM_PATH} (install it, e.g. apt-get install chromium, or set CHROMIUM_PATH).\n`,
  );
  return false;
}

export interface TestBrowser {
  context: BrowserContext;
  /** Every request that tried to leave the machine (must stay empty). */
  offlineViolations: string[];
  /** Uncaught errors in any page or frame. */
  pageErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile and no network beyond localhost. The ZAF SDK
 * CDN URL is answered with the local build of the SDK, so app pages load unmodified.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), "tandem-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1400, height: 900 },
    locale: "en-US",
  });
  const offlineViolations: string[] = [];
  const pageErrors: string[] = [];
  const sdk = await zafSdkScript();
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url === ZAF_SDK_CDN_URL) {
      await route.fulfill({
        status: 200,
        contentType: "text/javascript; charset=utf-8",
        body: sdk,
      });
    } else if (isLoopbackUrl(url) || url.startsWith("data:") || url.startsWith("blob:")) {
      await route.continue();
    } else {
      offlineViolations.push(url);
      await route.abort("blockedbyclient");
    }
  });
  const watch = (page: Page) => page.on("pageerror", (err) => pageErrors.push(err.message));
  context.on("page", watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    offlineViolations,
    pageErrors,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

let axeSource: Promise<string> | null = null;

/** Runs axe-core inside a frame and returns serious and critical violations. */
export async function axeViolations(frame: Frame): Promise<AxeViolation[]> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  await frame.evaluate(await axeSource);
  const violations = (await frame.evaluate(
    `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`,
  )) as AxeViolation[];
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** The app's frame inside a simulated host page. */
export async function appFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-testid="app-iframe"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error("The app iframe has no frame");
  return frame;
}

/** The text a user sees in an element (layout-aware: hidden text and form values excluded). */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText: rendered text on purpose.
  return locator.innerText();
}
