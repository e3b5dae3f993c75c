import { test, expect, Page } from "@playwright/test";
import * as path from "node:path";
import * as net from "node:net";
import { ensureHost, hydrated, signIn, SSH } from "./helpers";

const SHOTS = path.resolve(__dirname, "../screenshots");
const BASE = process.env.E2E_BASE_URL!;
const ORIGIN = { origin: BASE };


function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("a local tunnel to ArchNest itself: define, start, carry a request, survive a reload, stop", async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const hostId = await ensureHost(page);
  const port = await freePort();
  const archnestPort = new URL(BASE).port;

  await page.goto(`/tunnels?host=${hostId}`);
  await hydrated(page);
  await page.click("#tunnel-new");
  const editor = page.locator("#tunnel-editor");
  await expect(editor.locator(".lock-badge")).toHaveAttribute("href", "/settings/store/modules/tunnel-auto-start");
  await expect(editor.locator('input[name="auto_start"]')).toBeDisabled();
  await editor.locator('input[name="name"]').fill("e2e-web");
  await expect(editor.locator("select[aria-label=Host]")).toHaveValue(String(hostId));
  await editor.locator('input[name="bind_port"]').fill(String(port));
  await editor.locator('input[name="target_host"]').fill("127.0.0.1");
  await editor.locator('input[name="target_port"]').fill(archnestPort);

  // Binding to every interface needs the explicit tick — and the server insists too.
  await editor.locator('input[name="bind_address"]').fill("0.0.0.0");
  await expect(editor.locator(".warning-box")).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "tunnels-editor-1440.png"), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: path.join(SHOTS, "tunnels-editor-1024.png"), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.click("#tunnel-save");
  await expect(editor.locator(".form-error")).toContainText("allow binding beyond localhost");
  await editor.locator('input[name="bind_address"]').fill("127.0.0.1");
  await page.click("#tunnel-save");
  await expect(editor).toHaveCount(0);

  const row = page.locator('tr[data-tunnel="e2e-web"]');
  await expect(row).toHaveAttribute("data-state", "stopped");
  await expect(row.locator(".tunnel-route")).toContainText(`127.0.0.1:${port} → 127.0.0.1:${archnestPort}via e2e-ssh`);
  await row.getByRole("button", { name: "Start" }).click();
  await expect(row).toHaveAttribute("data-state", "up", { timeout: 20_000 });

  // A real request through the tunnel, from outside the browser.
  const res = await fetch(`http://127.0.0.1:${port}/api/health`);
  expect(res.status).toBe(200);
  await expect(row.locator(".tunnel-traffic")).not.toContainText("↓ 0 B", { timeout: 10_000 });
  await expect(row).toContainText("0 open / 1");

  // The tunnel belongs to the server: a reload (a new page) finds it still up.
  await page.reload();
  await hydrated(page);
  await expect(row).toHaveAttribute("data-state", "up");
  await page.screenshot({ path: path.join(SHOTS, "tunnels-1440.png"), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: path.join(SHOTS, "tunnels-1024.png"), fullPage: true });

  await row.getByRole("button", { name: "Stop" }).click();
  await expect(row).toHaveAttribute("data-state", "stopped");
  await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
});

test("a port already in use fails with the reason", async ({ page }) => {
  const hostId = await ensureHost(page);
  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, "127.0.0.1", () => r()));
  const port = (busy.address() as net.AddressInfo).port;
  try {
    const save = await page.request.post("/api/fn/tunnels/save", {
      form: {
        "form[host_id]": String(hostId), "form[name]": "e2e-busy", "form[kind]": "local", "form[bind_address]": "127.0.0.1",
        "form[bind_port]": String(port), "form[target_host]": "127.0.0.1", "form[target_port]": "80",
        "form[allow_wide_bind]": "false", "form[auto_start]": "false",
      },
      headers: ORIGIN,
    });
    expect(save.status(), await save.text()).toBe(200);
    await page.goto("/tunnels");
    await hydrated(page);
    const row = page.locator('tr[data-tunnel="e2e-busy"]');
    await row.getByRole("button", { name: "Start" }).click();
    await expect(page.locator("#tunnel-action-error")).toContainText(`could not listen on 127.0.0.1:${port}`);
    await expect(row).toHaveAttribute("data-state", "failed");
    await expect(row.locator(".status-text")).toContainText("in use");
    await row.getByRole("button", { name: "Stop" }).click();
    await expect(row).toHaveAttribute("data-state", "stopped");
  } finally {
    busy.close();
  }
});
