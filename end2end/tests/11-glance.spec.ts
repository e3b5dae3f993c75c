import { test, expect } from "@playwright/test";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { hydrated, signIn } from "./helpers";

// Runs after the Docker, Files, Tunnels and Metrics specs: the install has a Docker
// source on the real dockerd, SSH hosts on the real sshd and a 5 s metrics interval.
const SHOTS = path.resolve(__dirname, "../screenshots");
const ENGINE = process.env.E2E_DOCKER_URL ?? "";
const NAME = `e2e-glance-${process.pid}`;

function docker(args: string[]): string {
  return execFileSync("docker", ["-H", ENGINE, ...args], { stdio: ["ignore", "pipe", "pipe"] }).toString().trim();
}

test.beforeAll(() => {
  expect(ENGINE, "E2E_DOCKER_URL is not set: run scripts/test").not.toBe("");
  try { docker(["rm", "-f", NAME]); } catch { /* not there */ }
  docker(["run", "-d", "--name", NAME, "--network", "none", "localhost/busybox:test", "sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]);
});

test.afterAll(() => {
  if (ENGINE) { try { docker(["rm", "-f", NAME]); } catch { /* gone */ } }
});

test("Glance shows a real running container and a real host's metrics, live", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/");
  await hydrated(page);
  await expect(page.locator("#glance-live")).toHaveText("Live", { timeout: 15_000 });
  await expect(page.locator("#glance-containers .glance-running").first()).toHaveText(/^[1-9]\d* running$/, { timeout: 20_000 });
  const up = page.locator('#glance-hosts .glance-host[data-state="up"]');
  await expect(up.first()).toBeVisible({ timeout: 30_000 });
  await expect(up.first().locator(".glance-cpu")).toHaveText(/^\d{1,3}%$/, { timeout: 30_000 });
  await expect(up.first().locator(".glance-mem")).toHaveText(/^\d{1,3}%$/);
  await expect(page.locator("#glance-license")).toContainText("paid modules");

  // Live: stopping the container shows up without a reload (server-sent events).
  const running = Number((await page.locator("#glance-containers .glance-running").first().innerText()).split(" ")[0]);
  docker(["stop", "-t", "1", NAME]);
  await expect(page.locator("#glance-containers .glance-running").first()).toHaveText(`${running - 1} running`, { timeout: 20_000 });
  docker(["start", NAME]);
  await page.screenshot({ path: path.join(SHOTS, "glance-live-1440.png"), fullPage: true });
});

test("Infrastructure lists hosts, the Docker source and its containers, with quick actions", async ({ page }) => {
  await signIn(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto("/infrastructure");
  await hydrated(page);
  const table = page.locator("#infra-table");
  await expect(table.locator('tr[data-kind="host"]').first()).toBeVisible();
  await expect(table.locator('tr[data-kind="docker"]')).toHaveCount(1);
  await expect(table.locator(`tr[data-kind="container"][data-name="${NAME}"]`)).toBeVisible();
  await page.screenshot({ path: path.join(SHOTS, "infrastructure-1440.png"), fullPage: true });
  await page.getByLabel("Filter").fill(NAME);
  await expect(table.locator("tbody tr")).toHaveCount(1);
  await page.getByLabel("Filter").fill("");
  await page.getByLabel("Kind").selectOption("host");
  await expect(table.locator('tbody tr[data-kind="docker"]')).toHaveCount(0);
  const host = table.locator('tr[data-kind="host"]').first();
  await host.getByRole("link", { name: "Terminal" }).click();
  await expect(page).toHaveURL(/\/terminal\?host=\d+$/);
});
