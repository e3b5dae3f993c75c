import { test, expect, Page } from "@playwright/test";
import * as path from "node:path";
import { hydrated, signIn } from "./helpers";

// ArchNest + the real license server + the Stripe test double, all on loopback.
const SHOTS = path.resolve(__dirname, "../screenshots");
const DOUBLE = process.env.E2E_STRIPE_DOUBLE_URL!;
test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

async function buy(page: Page, selector: string) {
  await page.locator(selector).getByRole("button", { name: "Buy" }).click();
  await expect(page).toHaveURL(new RegExp(`^${DOUBLE}/pay/`));
  await page.screenshot({ path: path.join(SHOTS, "stripe-double-checkout.png") });
  await page.getByRole("button", { name: /Pay/ }).click();
  await expect(page).toHaveURL(/\/settings\/store\?paid=1$/);
  await hydrated(page);
}

test("buying tmux-integration unlocks it without restarting anything", async ({ page }) => {
  await page.goto("/terminal");
  await hydrated(page);
  const badge = page.locator('.lock-badge[data-module="tmux-integration"]');
  await expect(badge).toHaveText("Unlock for $5");
  await badge.click();
  await expect(page).toHaveURL(/\/settings\/store\/modules\/tmux-integration$/);
  await hydrated(page);
  await buy(page, "#module-tmux-integration");
  await expect(page.locator("#purchase-result")).toContainText("Unlocked: tmux Integration");
  await expect(page.locator('.store-item[data-module="tmux-integration"] .owned')).toBeVisible();
  await page.goto("/terminal");
  await hydrated(page);
  await expect(page.locator('.lock-badge[data-module="tmux-integration"]')).toHaveCount(0);
  await expect(page.locator("#tmux-panel")).toBeVisible();
});

test("the ssh-pro bundle unlocks all 8 SSH modules", async ({ page }) => {
  await page.goto("/settings/store");
  await hydrated(page);
  await buy(page, '.store-item[data-bundle="ssh-pro"]');
  await expect(page.locator("#purchase-result")).toContainText("Unlocked:");
  for (const slug of ["multi-pane-terminal", "tmux-integration", "jump-host-chaining", "certificate-auth",
    "tunnel-auto-start", "persistent-sessions", "session-recording", "host-to-host-transfer"]) {
    await expect(page.locator(`.store-item[data-module="${slug}"] .owned`), slug).toBeVisible();
  }
  await expect(page.locator('.store-item[data-bundle="ssh-pro"] .owned')).toBeVisible();
  await expect(page.locator("#purchases tbody tr")).toHaveCount(2);
  await page.screenshot({ path: path.join(SHOTS, "store-after-purchase.png"), fullPage: true });
});

test("a refund removes the module at the next check", async ({ page, request }) => {
  const events = (await (await request.get(`${DOUBLE}/test/events`)).json()).map((e: any) => e.event);
  const completed = events.filter((e: any) => e.type === "checkout.session.completed");
  const ssh = completed.find((e: any) => String(e.data.object.metadata.items).includes("ssh-pro"));
  const res = await request.post(`${DOUBLE}/test/refund/${ssh.data.object.payment_intent}`);
  expect(res.status()).toBeLessThan(300);
  await page.goto("/settings/license");
  await hydrated(page);
  await page.click("#check-now");
  await expect(page.locator("#licensed-modules")).not.toContainText("Multi-pane Terminal");
  await expect(page.locator("#licensed-modules")).toContainText("tmux Integration");
  await expect(page.locator("#license-state")).toHaveAttribute("data-state", "valid");
});
