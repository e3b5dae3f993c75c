import { test, expect, Page } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensureHost, hydrated, signIn } from "./helpers";

// Host metrics of a real sshd (scripts/services.sh start_sshd exports E2E_SSH_*).
const SHOTS = path.resolve(__dirname, "../screenshots");
fs.mkdirSync(SHOTS, { recursive: true });
const SSH_PORT = process.env.E2E_SSH_PORT;

async function fn(page: Page, endpoint: string, form: Record<string, string>) {
  const res = await page.request.post(`/api/fn/${endpoint}`, {
    form,
    headers: { origin: process.env.E2E_BASE_URL!, accept: "application/json" },
  });
  expect(res.status(), `${endpoint}: ${await res.text()}`).toBe(200);
  return res.json();
}

test.describe("metrics", () => {
  test.skip(!SSH_PORT, "needs an sshd: start_sshd in scripts/services.sh exports E2E_SSH_PORT");

  test("real CPU, memory and disk numbers of an SSH host, with charts", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page);
    // The host, through the same server functions the Hosts settings page uses.
    const host = { id: await ensureHost(page) };
    expect((await fn(page, "hosts/test", { id: String(host.id) })).ok).toBe(true);

    // A too-short interval is refused; 5 s is the minimum.
    const bad = await page.request.post("/api/fn/metrics/set-interval", {
      form: { secs: "2" },
      headers: { origin: process.env.E2E_BASE_URL!, accept: "application/json" },
    });
    expect(bad.ok()).toBe(false);
    expect(await bad.text()).toContain("the interval must be 5 to 3600 seconds");
    await page.goto("/metrics");
    await hydrated(page);
    await page.locator("#metrics-interval").fill("5");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.locator("#metrics-interval")).toHaveValue("5");
    expect((await fn(page, "metrics/settings", {})).interval_secs).toBe(5);

    const card = page.locator(`.metric-card[data-host="${host.id}"]`);
    await expect(card.locator(".pill")).toHaveText("reachable", { timeout: 30_000 });
    // CPU % needs two samples; the page polls every 5 s.
    await expect(card.locator(".metric-cpu")).toHaveText(/^\d{1,3}\.\d %$/, { timeout: 40_000 });
    await expect(card.locator(".metric-load")).toHaveText(/^\d+\.\d\d · \d+\.\d\d · \d+\.\d\d$/);
    await expect(card.locator(".usage-label").first()).toHaveText("Memory");
    await expect(card.locator(".usage").first()).toContainText(/\d+(\.\d)? (MiB|GiB) \/ \d+(\.\d)? (GiB|TiB) \(\d+ %\)/);
    await expect(card.locator(".metric-disks .usage-label", { hasText: /^\/$/ })).toHaveCount(1);
    await expect(card.locator(".metric-foot")).toContainText(/up \d/);

    // The numbers are the machine's own: memory total matches /proc/meminfo here.
    const overview = await fn(page, "metrics/overview", {});
    const mine = overview.hosts.find((h: { host_id: number }) => h.host_id === host.id);
    const memTotalKb = Number(/MemTotal:\s+(\d+)/.exec(fs.readFileSync("/proc/meminfo", "utf8"))![1]);
    expect(mine.mem_total).toBe(memTotalKb * 1024);
    expect(mine.cpu_pct).toBeGreaterThanOrEqual(0);
    expect(mine.cpu_pct).toBeLessThanOrEqual(100);

    // Advanced metrics are a paid module: locked.
    await expect(page.locator('.advanced-metrics .lock-badge[data-module="advanced-metrics"]')).toBeVisible();

    for (const [w, h] of [[1440, 900], [1024, 768]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: path.join(SHOTS, `metrics-${w}x${h}.png`), fullPage: true });
    }

    // Charts of that host.
    await card.getByRole("link", { name: "Charts" }).click();
    await expect(page).toHaveURL(new RegExp(`/metrics\\?host=${host.id}$`));
    await expect(page.locator(".metrics-detail .chart-svg")).toHaveCount(3);
    await expect(page.locator(".chart-line.cpu")).toHaveAttribute("d", /^M\d/);
    await expect(page.locator(".chart-line.mem")).toHaveAttribute("d", /^M\d/);
    await expect(page.locator(".chart-hover title").last()).toContainText(/ago — Load \(1 min\) \d/);
    await page.locator('.segment[data-range="24h"]').click();
    await expect(page.locator('.segment[data-range="24h"]')).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator(".chart-line.cpu")).toHaveAttribute("d", /^M\d/);
    for (const [w, h] of [[1440, 900], [1024, 768]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.screenshot({ path: path.join(SHOTS, `metrics-charts-${w}x${h}.png`), fullPage: true });
    }
  });
});
