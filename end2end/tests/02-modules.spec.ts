import { test, expect } from "@playwright/test";
import * as path from "node:path";
import { hydrated, signIn } from "./helpers";

const SHOTS = path.resolve(__dirname, "../screenshots");

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("paid themes show the lock badge that opens the store at that module", async ({ page }) => {
  await page.goto("/settings/appearance");
  await hydrated(page);
  const forest = page.locator('.theme-card[data-theme="forest"]');
  const badge = forest.locator(".lock-badge");
  await expect(badge).toHaveText("Unlock for $5");
  await expect(badge).toHaveAttribute("href", "/settings/store/modules/theme-forest");
  await expect(page.locator(".theme-card .lock-badge")).toHaveCount(3);
  await expect(page.locator('.theme-card[data-theme="archnest-dark"] button')).toHaveText("In use");
  await page.screenshot({ path: path.join(SHOTS, "appearance-desktop.png"), fullPage: true });
  await badge.click();
  await expect(page).toHaveURL(/\/settings\/store\/modules\/theme-forest$/);
  await expect(page.locator("#module-theme-forest")).toHaveClass(/focus/);
});

test("the store lists 30 modules and 5 bundles with prices and computed savings", async ({ page }) => {
  await page.goto("/settings/store");
  await hydrated(page);
  await expect(page.locator(".store-item[data-module]")).toHaveCount(30);
  await expect(page.locator(".store-item[data-bundle]")).toHaveCount(5);
  for (const price of await page.locator(".store-item[data-module] .price").allTextContents()) {
    expect(price).toBe("$5");
  }
  const bundles: Record<string, [string, string]> = {
    "ssh-pro": ["$25", "8 modules · save $15 (list $40)"],
    "docker-pro": ["$15", "4 modules · save $5 (list $20)"],
    "remote-desktop": ["$10", "3 modules · save $5 (list $15)"],
    "all-themes": ["$10", "3 modules · save $5 (list $15)"],
    everything: ["$99", "30 modules · save $51 (list $150)"],
  };
  for (const [slug, [price, blurb]] of Object.entries(bundles)) {
    const card = page.locator(`.store-item[data-bundle="${slug}"]`);
    await expect(card.locator(".price")).toHaveText(price);
    await expect(card).toContainText(blurb);
    await expect(card.getByRole("button", { name: "Buy" })).toBeVisible();
  }
  await expect(page.locator('.store-item[data-module="tmux-integration"]')).toContainText("tmux");
  await page.screenshot({ path: path.join(SHOTS, "store-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: path.join(SHOTS, "store-tablet.png") });
});

test("the license page shows the install id and the checked license", async ({ page }) => {
  await page.goto("/settings/license");
  await hydrated(page);
  await expect(page.locator("#install-id")).toHaveText(/^[0-9a-f]{64}$/);
  // The e2e build trusts the key of the license server this run started, and the
  // boot-time check reached it: a valid license listing no modules yet.
  await page.click("#check-now");
  await expect(page.locator("#license-state")).toHaveAttribute("data-state", "valid");
  await expect(page.locator("#licensed-modules")).toContainText("None — the free core");
  await page.screenshot({ path: path.join(SHOTS, "license-desktop.png"), fullPage: true });
});
