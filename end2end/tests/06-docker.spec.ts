import { test, expect, Locator, Page } from "@playwright/test";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { hydrated, signIn } from "./helpers";

// A real dockerd started by scripts/test (start_dockerd) and reached over TCP.
const SHOTS = path.resolve(__dirname, "../screenshots");
const ENGINE = process.env.E2E_DOCKER_URL ?? "";
const NAME = `e2e-web-${process.pid}`;

function docker(args: string[]): string {
  return execFileSync("docker", ["-H", ENGINE, ...args], { stdio: ["ignore", "pipe", "pipe"] }).toString().trim();
}

// Screenshots at desktop and tablet width; `onScreen` must be fully visible at both.
async function shoot(page: Page, name: string, onScreen?: Locator) {
  for (const [w, h] of [[1440, 900], [1024, 768]]) {
    await page.setViewportSize({ width: w, height: h });
    if (onScreen) await expect(onScreen).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: path.join(SHOTS, `${name}-${w}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test.beforeAll(() => {
  expect(ENGINE, "E2E_DOCKER_URL is not set: run scripts/test, which starts dockerd and exports it").not.toBe("");
  try { docker(["rm", "-f", NAME]); } catch { /* not there */ }
  docker(["run", "-d", "--name", NAME, "--network", "none", "localhost/busybox:test",
    "sh", "-c", "trap 'exit 0' TERM; i=0; while true; do echo \"hello from e2e $i\"; i=$((i+1)); sleep 1; done"]);
});

test.afterAll(() => {
  if (ENGINE) { try { docker(["rm", "-f", NAME]); } catch { /* gone */ } }
});

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("add the Docker source, test it, and see the lock on a second source and on SSH", async ({ page }) => {
  await page.goto("/settings/hosts");
  await hydrated(page);
  await page.click("#docker-add-source");
  const form = page.locator("#docker-source-form");
  await expect(form.locator('.lock-badge[data-module="docker-over-ssh"]')).toBeVisible();
  await form.locator('input[name="name"]').fill("local engine");
  await form.locator('input[name="url"]').fill("tcp://127.0.0.1:1");
  await page.click("#docker-test");
  await expect(page.locator("#docker-test-result")).toHaveAttribute("data-kind", "unreachable");
  await expect(page.locator("#docker-test-result")).toContainText("refused");
  await form.locator('input[name="url"]').fill(ENGINE);
  await page.click("#docker-test");
  await expect(page.locator("#docker-test-result")).toContainText(/Connected: Docker Engine .* API 1\.\d+/);
  await shoot(page, "docker-source-form");
  await form.locator('button[type="submit"]').click();
  await expect(page.locator('#docker-sources tr[data-source="local engine"]')).toBeVisible();
  await expect(page.locator("#docker-add-source")).toBeDisabled();
  await expect(page.locator('#docker-sources .lock-badge[data-module="docker-over-ssh"]')).toHaveText("Unlock for $5");
  await shoot(page, "docker-sources");
});

test("a running container on /docker: stop, start, and its logs", async ({ page }) => {
  await page.goto("/docker");
  await hydrated(page);
  const row = page.locator(`#docker-containers tr[data-container="${NAME}"]`);
  await expect(row).toHaveAttribute("data-state", "running");
  await expect(row).toContainText("localhost/busybox:test");
  // Stats arrive after the list; memory is known from the first sample.
  await expect(row.locator("td.num").nth(1)).toHaveText(/\d+(\.\d)? (B|KiB|MiB)/);
  await expect(page.locator('.lock-badge[data-module="container-detail-view"]')).toBeVisible();
  await expect(page.locator('.lock-badge[data-module="container-exec"]')).toBeVisible();
  await page.fill("#docker-search", "no-such-thing");
  await expect(row).toHaveCount(0);
  await page.fill("#docker-search", NAME);
  await expect(row).toBeVisible();
  await shoot(page, "docker-containers", row.locator('button[data-action="restart"]'));

  await row.locator('button[data-action="stop"]').click();
  await expect(row).toHaveAttribute("data-state", "exited", { timeout: 20_000 });
  expect(docker(["inspect", "-f", "{{.State.Status}}", NAME])).toBe("exited");
  await row.locator('button[data-action="start"]').click();
  await expect(row).toHaveAttribute("data-state", "running", { timeout: 20_000 });

  await row.locator('button[data-action="logs"]').click();
  const lines = page.locator("#docker-log-lines");
  await expect(lines).toContainText("hello from e2e");
  const before = await lines.locator("div").count();
  await expect.poll(async () => lines.locator("div").count(), { timeout: 10_000 }).toBeGreaterThan(before);
  await page.fill("#docker-logs-search", "e2e");
  await expect(lines.locator("mark").first()).toHaveText("e2e");
  await shoot(page, "docker-logs");

  // Remove asks first; cancelling keeps the container.
  await row.locator('button[data-action="remove"]').click();
  await expect(row.locator('button[data-action="confirm-remove"]')).toBeVisible();
});
