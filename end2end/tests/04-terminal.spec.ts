import { test, expect, Page } from "@playwright/test";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { hydrated, signIn, SSH } from "./helpers";

// A real sshd on loopback (scripts/test: start_sshd). The host is added through the
// Settings form, its key accepted from the fingerprint shown, then used in a terminal.
const SHOTS = path.resolve(__dirname, "../screenshots");
const HOST = "e2e-terminal";

function realFingerprint(): string {
  // ssh-keygen -lf prints "256 SHA256:… comment (ED25519)".
  const pub = process.env.E2E_SSH_HOST_KEY ?? "";
  return execFileSync("ssh-keygen", ["-lf", "-"], { input: pub + "\n" }).toString().split(" ")[1];
}

async function screen(page: Page): Promise<string> {
  return (await page.locator(".term-view .xterm-rows").innerText()).replace(/\u00a0/g, " ");
}

test.beforeEach(async ({ page }) => {
  expect(SSH.port, "E2E_SSH_PORT is not set: run scripts/test").toBeGreaterThan(0);
  await signIn(page);
});

test("add a host, accept its fingerprint, type in the terminal and resize", async ({ page }) => {
  await page.goto("/settings/hosts");
  await hydrated(page);
  await page.locator("#host-add").click();
  const form = page.locator("#host-form");
  await form.locator("input[name=name]").fill(HOST);
  await form.locator("input[name=address]").fill("127.0.0.1");
  await form.locator("input[name=port]").fill(String(SSH.port));
  await form.locator("input[name=username]").fill(SSH.user);
  await form.locator("input[name=password]").fill(SSH.password);
  await form.locator("button[type=submit]").click();
  const row = page.locator(`.host-row[data-host="${HOST}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText("not trusted yet");
  // The password never comes back to the browser.
  expect(await page.content()).not.toContain(SSH.password);

  // Test connection stops at the host key and shows the server's real fingerprint.
  await row.getByRole("button", { name: "Test connection" }).click();
  const prompt = row.locator(".hostkey-prompt");
  await expect(prompt).toBeVisible();
  const fp = realFingerprint();
  await expect(prompt.locator(".fingerprint")).toHaveText(fp);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "hosts-fingerprint-1440.png"), fullPage: true });
  await prompt.getByRole("button", { name: "Trust this key" }).click();
  await expect(row.locator(".hostkey code")).toContainText(fp);
  await row.getByRole("button", { name: "Test connection" }).click();
  await expect(row.locator(".test-report")).toHaveAttribute("data-ok", "true");

  // Open the terminal from the host row.
  await row.getByRole("link", { name: "Terminal" }).click();
  await expect(page).toHaveURL(/\/terminal\?host=\d+/);
  await expect(page.locator(".term-view")).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
  await page.locator(".term-view .xterm").click();
  const tag = `hello-${Math.floor(Math.random() * 1e9)}`;
  await page.keyboard.type(`echo ${tag}\n`);
  await expect.poll(() => screen(page)).toMatch(new RegExp(`^${tag}$`, "m"));

  // Resize the viewport: the PTY follows (stty size reports rows and columns).
  const size = async () => {
    await page.keyboard.type("clear; stty size | sed 's/ /x/'\n");
    let found = "";
    await expect.poll(async () => {
      const m = (await screen(page)).match(/^(\d+)x(\d+)\s*$/m);
      found = m ? m[0].trim() : "";
      return found;
    }).not.toBe("");
    return found;
  };
  await page.setViewportSize({ width: 1440, height: 900 });
  const big = await size();
  await page.screenshot({ path: path.join(SHOTS, "terminal-1440.png") });
  await page.setViewportSize({ width: 1024, height: 600 });
  await expect.poll(size).not.toBe(big);
  const [rows, cols] = (await size()).split("x").map(Number);
  const [bigRows, bigCols] = big.split("x").map(Number);
  expect(cols).toBeLessThan(bigCols);
  expect(rows).toBeLessThan(bigRows);
  await page.screenshot({ path: path.join(SHOTS, "terminal-1024.png") });

  // Exit status is shown, and Reconnect opens a new shell.
  await page.keyboard.type("exit 3\n");
  await expect(page.locator(".terminal-overlay")).toContainText("exit status 3");
  await page.locator(".terminal-overlay").getByRole("button", { name: "Reconnect" }).click();
  await expect(page.locator(".term-view")).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
});

test("tablet: the on-screen key bar sends Ctrl+C and arrows to the shell", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto("/terminal");
  await hydrated(page);
  const value = await page.locator("select[aria-label=Host] option", { hasText: `${HOST} —` }).getAttribute("value");
  await page.locator("select[aria-label=Host]").selectOption(value!);
  await expect(page.locator(".term-view")).toHaveAttribute("data-status", "ok", { timeout: 20_000 });
  const keys = page.locator(".keybar");
  if (!(await keys.isVisible())) await page.getByRole("button", { name: "Keys" }).click();
  await expect(keys).toBeVisible();
  await page.locator(".term-view .xterm").click();
  await page.keyboard.type("sleep 600");
  await page.keyboard.press("Enter");
  await keys.getByRole("button", { name: "Ctrl" }).click();
  await expect(keys.getByRole("button", { name: "Ctrl" })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.type("c");
  await expect(keys.getByRole("button", { name: "Ctrl" })).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.type("echo interrupted-$((2*21))\n");
  const outputs = async () => ((await screen(page)).match(/^interrupted-42\s*$/gm) ?? []).length;
  await expect.poll(outputs).toBe(1);
  await expect.poll(() => screen(page)).toContain("^C");
  // ↑ recalls the previous command from the shell's history.
  await keys.getByRole("button", { name: "↑" }).click();
  await page.keyboard.press("Enter");
  await expect.poll(outputs).toBe(2);
  await page.screenshot({ path: path.join(SHOTS, "terminal-keybar-1024.png") });
});
