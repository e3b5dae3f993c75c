import { test, expect } from "@playwright/test";
import { ADMIN, archnestCli, hydrated, totp } from "./helpers";

// Runs first, against a fresh install: the whole account lifecycle through the UI.
test.describe.configure({ mode: "serial" });

test("fresh install: setup, sign out, wrong password, sign in, TOTP, sign in with code", async ({ page }) => {
  // A long flow with four Argon2 logins; give it room on a loaded 2-core machine.
  test.setTimeout(90_000);
  await page.goto("/terminal");
  await expect(page).toHaveURL(/\/setup$/);
  await hydrated(page);
  await page.fill("input[name=username]", ADMIN.username);
  await page.fill("input[name=password]", "short");
  await expect(page.locator(".meter-label")).toContainText("Too short");
  await page.fill("input[name=password]", ADMIN.password);
  await expect(page.locator(".meter-label")).toHaveText("Strong");
  await page.fill("input[name=confirm]", ADMIN.password);
  await page.click("button[type=submit]");
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);

  // Sign out from Settings → Profile.
  await page.goto("/settings/profile");
  await hydrated(page);
  await expect(page.locator("#profile-username")).toHaveText("admin");
  await page.click("#logout-button");
  await expect(page).toHaveURL(/\/login/);

  // A wrong password shows a clear error and signs nobody in.
  await page.fill("input[name=username]", ADMIN.username);
  await page.fill("input[name=password]", "not the password");
  await page.click("button[type=submit]");
  await expect(page.getByRole("alert")).toContainText("Wrong username or password");
  await page.fill("input[name=password]", ADMIN.password);
  await page.click("button[type=submit]");
  await expect(page).toHaveURL(/\/$/);

  // Enable TOTP with a code computed here from the shown secret.
  await page.goto("/settings/profile");
  await hydrated(page);
  await page.click("#totp-begin");
  const secret = (await page.locator("#totp-secret").textContent())!.trim();
  await expect(page.locator("img.qr")).toBeVisible();
  await page.fill("#totp-confirm-code", totp(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.locator("#recovery-codes li")).toHaveCount(10);
  await page.screenshot({ path: "screenshots/profile-2fa.png", fullPage: true });

  await page.click("#logout-button");
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
  await page.fill("input[name=username]", ADMIN.username);
  await page.fill("input[name=password]", ADMIN.password);
  await page.click("button[type=submit]");
  await expect(page.locator("#totp-code")).toBeVisible();
  await page.fill("#totp-code", totp(secret));
  await page.click("button[type=submit]");
  await expect(page).toHaveURL(/\/$/);
  await hydrated(page);

  // Leave the install with password-only login for the later specs.
  await page.goto("/settings/profile");
  await hydrated(page);
  await page.fill("#two-factor input[name=password]", ADMIN.password);
  await page.click("#totp-disable");
  await expect(page.locator("#totp-begin")).toBeVisible();
});

test("a member is refused admin pages", async ({ page }) => {
  archnestCli(["admin", "create", "member1", "--role", "member"], "member password 123\n");
  await page.goto("/login");
  await hydrated(page);
  await page.fill("input[name=username]", "member1");
  await page.fill("input[name=password]", "member password 123");
  await page.click("button[type=submit]");
  await expect(page).toHaveURL(/\/$/);
  for (const path of ["/audit", "/settings/license", "/settings/users"]) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(403);
    await expect(page.getByText("You do not have permission")).toBeVisible();
  }
  const ok = await page.goto("/settings/profile");
  expect(ok?.status()).toBe(200);
});
