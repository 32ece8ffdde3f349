// @vitest-environment node
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageApp } from "../scripts/pack";
import { validatePackage } from "../scripts/validate-package";

let zipPath = "";
let dist = "";
const scratch = mkdtempSync(join(tmpdir(), "tandem-freshdesk-"));

beforeAll(async () => {
  zipPath = await packageApp({ quiet: true });
  dist = join(zipPath, "../../dist");
}, 120_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the built app with one file changed, to prove each rule bites. */
function variant(name: string, edit: (dir: string) => void): string {
  const dir = join(scratch, name);
  cpSync(dist, dir, { recursive: true });
  edit(dir);
  return dir;
}

// biome-ignore lint/suspicious/noExplicitAny: the cases below edit arbitrary JSON paths on purpose
const editJson = (path: string, change: (value: Record<string, any>) => void) => {
  const value = JSON.parse(readFileSync(path, "utf8"));
  change(value);
  writeFileSync(path, JSON.stringify(value));
};

const rules = (dir: string) =>
  validatePackage(dir).map((finding) => `${finding.rule}: ${finding.message}`);

describe("Freshdesk package", () => {
  it("passes the offline validator", () => {
    expect(validatePackage(dist)).toEqual([]);
  });

  it("zips the fdk pack layout with manifest.json at the root", () => {
    const entries = Object.keys(unzipSync(readFileSync(zipPath)));
    expect(entries).toContain("manifest.json");
    expect(entries).toContain("README.md");
    expect(entries).toContain("config/iparams.json");
    expect(entries).toContain("config/requests.json");
    expect(entries).toContain("app/ticket-sidebar.html");
    expect(entries).toContain("app/full-page.html");
    expect(entries).toContain("app/styles/images/icon.svg");
    expect(entries.some((entry) => entry.startsWith("./") || entry.startsWith("dist/"))).toBe(
      false,
    );
  });

  it("flags templates declared in only one place and unsafe placeholders", () => {
    const dir = variant("requests", (root) => {
      editJson(join(root, "manifest.json"), (manifest) => {
        manifest.modules.common.requests.unknownTemplate = {};
      });
      editJson(join(root, "config/requests.json"), (requests) => {
        requests.tandemWhoAmI.schema.path = "/v1/installation?token=<%= iparam.tandem_api_token %>";
        requests.tandemWhoAmI.schema.headers["X-Ticket"] = "<%= context.ticket_id %>";
        requests.tandemCreateDraft.schema.protocol = "http";
        requests.tandemGetTicketDraft.schema.host = "https://tandem.example.com/";
        requests.tandemRecordSent.options.retryDelay = 250;
      });
    });
    const found = rules(dir);
    expect(found).toContain(
      'requests: manifest declares "unknownTemplate" but config/requests.json has no such template',
    );
    expect(found).toContain(
      "requests: tandemWhoAmI: secure iparam.tandem_api_token may only be used in headers",
    );
    expect(found).toContain(
      "requests: tandemWhoAmI: context.ticket_id is only allowed in path and query from the front end",
    );
    expect(found).toContain('requests: tandemCreateDraft: protocol must be "https" for submission');
    expect(found).toContain(
      "requests: tandemGetTicketDraft: host must be a bare FQDN: no scheme, port, path or spaces",
    );
    expect(found).toContain(
      "requests: tandemRecordSent: options.retryDelay must be a multiple of 100 up to 1500 ms",
    );
  });

  it("flags raw network calls, CDN scripts, secrets, a missing appclient and a wrong icon size", () => {
    const dir = variant("code", (root) => {
      writeFileSync(
        join(root, "app/assets/extra.js"),
        'fetch("https://api.example.com");new XMLHttpRequest();',
      );
      writeFileSync(
        join(root, "app/full-page.html"),
        '<html><script src="https://cdn.jsdelivr.net/npm/@freshworks/crayons@v4/dist/crayons/crayons.esm.js"></script></html>',
      );
      writeFileSync(join(root, "config/notes.txt"), `token tdm_${"a".repeat(43)}`);
      writeFileSync(
        join(root, "app/styles/images/icon.svg"),
        '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32"></svg>',
      );
    });
    const found = rules(dir);
    expect(found).toContain(
      "network: uses fetch(); call servers only through client.request.invokeTemplate (FF-01L)",
    );
    expect(found).toContain(
      "network: uses XMLHttpRequest; call servers only through client.request.invokeTemplate (FF-01L)",
    );
    expect(found).toContain('html: must include <script src="{{{appclient}}}"></script>');
    expect(found.some((line) => line.startsWith("cdn: loads https://cdn.jsdelivr.net"))).toBe(true);
    expect(found).toContain("secrets: contains a Tandem API token");
    expect(found).toContain('icon: the <svg> must declare width="64" height="64" (FFS-05L)');
  });

  it("flags a 2.x manifest and invalid iparams", () => {
    const dir = variant("manifest", (root) => {
      editJson(join(root, "manifest.json"), (manifest) => {
        manifest["platform-version"] = "2.3";
        manifest["whitelisted-domains"] = ["https://tandem.example.com"];
        manifest.modules.common.location.ticket_sidebar = {
          url: "ticket-sidebar.html",
          icon: "styles/images/icon.svg",
        };
      });
      editJson(join(root, "config/iparams.json"), (iparams) => {
        delete iparams.freshdesk_subdomain.type_attributes;
        iparams.tandem_host.type_attributes.regex.pattern = ".*";
        iparams.extra = { type: "color" };
      });
    });
    const found = rules(dir);
    expect(found).toContain('manifest: "platform-version" must be "3.0"');
    expect(found).toContain('manifest: "whitelisted-domains" is deprecated; use request templates');
    expect(found).toContain('manifest: invalid location "ticket_sidebar" in module "common"');
    expect(found).toContain(
      'iparams: freshdesk_subdomain: type domain needs type_attributes.product "freshdesk"',
    );
    expect(found).toContain(
      'iparams: tandem_host accepts "https://tandem.example.com"; it must be a bare FQDN',
    );
    expect(found).toContain('iparams: extra: invalid type "color"');
  });
});
