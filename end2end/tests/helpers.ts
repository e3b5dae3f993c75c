import { expect, Page } from "@playwright/test";
import { createHmac } from "node:crypto";
import { execFileSync } from "node:child_process";

export const ADMIN = { username: "admin", password: "correct horse battery staple" };

export async function hydrated(page: Page) {
  await expect(page.locator(".frame")).toHaveAttribute("data-hydrated", "true");
}

/** Signs in through the login server function; the cookie lands in the page's context. */
export async function signIn(page: Page, who = ADMIN) {
  const res = await page.request.post("/api/fn/auth/login", {
    form: { username: who.username, password: who.password },
    headers: { origin: process.env.E2E_BASE_URL! },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret. */
export function totp(secretBase32: string, at = Date.now()): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secretBase32.replace(/=+$/, "").toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  }
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return code.toString().padStart(6, "0");
}

/** Runs the `archnest` CLI against the e2e server's data directory. */
export function archnestCli(args: string[], input?: string): string {
  return execFileSync(process.env.E2E_BIN!, args, {
    input,
    env: { ...process.env, ARCHNEST_DATA_DIR: process.env.E2E_DATA_DIR!, ARCHNEST_LOG: "warn" },
    cwd: process.env.REPO,
  }).toString();
}

/** The SSH host the e2e run provides (scripts/services.sh start_sshd). */
export const SSH = {
  host: process.env.E2E_SSH_HOST ?? "127.0.0.1",
  port: Number(process.env.E2E_SSH_PORT ?? 0),
  user: process.env.E2E_SSH_USER ?? "archnest-test",
  password: process.env.E2E_SSH_PASSWORD ?? "",
};

/**
 * Makes sure the e2e SSH host exists (as the signed-in admin) with its host key
 * trusted, through the same server functions the Settings → Hosts page uses.
 * Returns the host id.
 */
export async function ensureHost(page: Page, name = "e2e-ssh"): Promise<number> {
  expect(SSH.port, "E2E_SSH_PORT must point at the sshd scripts/services.sh starts").toBeGreaterThan(0);
  const origin = { origin: process.env.E2E_BASE_URL! };
  const call = async (endpoint: string, form: Record<string, string>) => {
    const res = await page.request.post(`/api/fn/${endpoint}`, { form, headers: { ...origin, accept: "application/json" } });
    const text = await res.text();
    expect(res.status(), `${endpoint}: ${text}`).toBe(200);
    return JSON.parse(text);
  };
  const list = await call("hosts/list", {});
  let host = list.hosts.find((h: { name: string }) => h.name === name);
  if (!host) {
    host = await call("hosts/save", {
      "form[name]": name,
      "form[address]": SSH.host,
      "form[port]": String(SSH.port),
      "form[username]": SSH.user,
      "form[password][Set]": SSH.password,
      "form[private_key]": "Keep",
      "form[passphrase]": "Keep",
      "form[tags]": "e2e",
      "form[notes]": "",
    });
  }
  const report = await call("hosts/test", { id: String(host.id) });
  if (report.host_key) {
    await call("hosts/trust", { id: String(host.id), fingerprint: report.host_key[0] });
  }
  return host.id;
}
