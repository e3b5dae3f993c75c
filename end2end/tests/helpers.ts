import { expect, Page } from "@playwright/test";
import { createHmac } from "node:crypto";
import { execFileSync } from "node:child_process";

export const ADMIN = { username: "admin", password: "correct horse battery staple" };

export async function hydrated(page: Page) {
  await expect(page.locator(".frame, .auth-page").first()).toHaveAttribute("data-hydrated", "true", { timeout: 30_000 });
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

/** The real sshd scripts/test starts for the e2e run (start_sshd). */
export const SSH = {
  host: process.env.E2E_SSH_HOST ?? "127.0.0.1",
  port: Number(process.env.E2E_SSH_PORT ?? 0),
  user: process.env.E2E_SSH_USER ?? "archnest-test",
  password: process.env.E2E_SSH_PASSWORD ?? "",
};

/**
 * Makes sure an SSH host named `name` exists and its host key is trusted, through the
 * same server functions the UI uses. Returns the host id.
 */
export async function ensureHost(page: Page, name = "e2e-ssh"): Promise<number> {
  expect(SSH.port, "E2E_SSH_PORT is not set: run scripts/test, which starts sshd").toBeGreaterThan(0);
  const origin = { origin: process.env.E2E_BASE_URL! };
  const list = await (await page.request.post("/api/fn/hosts/list", { form: {}, headers: origin })).json();
  let host = list.hosts.find((h: { name: string }) => h.name === name);
  if (!host) {
    const res = await page.request.post("/api/fn/hosts/save", {
      data: { form: { id: null, name, address: "127.0.0.1", port: SSH.port, username: SSH.user,
        password: { Set: SSH.password }, private_key: "Keep", passphrase: "Keep", tags: "e2e", notes: "", proxy_jump: null } },
      headers: origin,
    });
    expect(res.status(), await res.text()).toBe(200);
    host = await res.json();
  }
  if (host.host_keys.length === 0) {
    const report = await (await page.request.post("/api/fn/hosts/test", { form: { id: String(host.id) }, headers: origin })).json();
    if (report.host_key) {
      const res = await page.request.post("/api/fn/hosts/trust", { form: { id: String(host.id), fingerprint: report.host_key[0] }, headers: origin });
      expect(res.status(), await res.text()).toBe(200);
    }
  }
  return host.id;
}
