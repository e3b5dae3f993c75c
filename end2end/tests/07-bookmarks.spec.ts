import { test, expect, Page, Locator } from "@playwright/test";
import * as path from "node:path";
import { hydrated, signIn } from "./helpers";

// Bookmarks on the shared install. Earlier specs may have added some, so counts are
// relative to what exists. All favicon traffic stays on loopback: one bookmark points
// at ArchNest itself (its login page links /icons/icon.svg), one at a closed port.
const SHOTS = path.resolve(__dirname, "../screenshots");
const GROUP = "E2E Services";
test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

async function open(page: Page) {
  await page.goto("/bookmarks");
  await hydrated(page);
}

async function add(page: Page, name: string, url: string, emoji?: string) {
  await page.fill("#bm-name", name);
  await page.fill("#bm-url", url);
  await page.fill("#bm-group", GROUP);
  if (emoji) {
    await page.check("#bm-icon-emoji");
    await page.fill("#bm-emoji", emoji);
  } else {
    await page.check("#bm-icon-favicon");
  }
  await page.click("#bm-save");
  await expect(page.locator("#bookmark-notice")).toBeVisible({ timeout: 15_000 });
  await expect(page.locator(`.bm-tile:has(.bm-name:text-is("${name}"))`)).toBeVisible();
}

function reorderSaved(page: Page) {
  return page.waitForResponse((r) => r.url().includes("/api/fn/bookmarks/reorder")).then((r) => expect(r.status()).toBe(200));
}

function groupNames(page: Page): Promise<string[]> {
  return page.locator(`.bm-group[data-group="${GROUP}"] .bm-name`).allTextContents();
}

function tile(page: Page, name: string): Locator {
  return page.locator(`.bm-tile:has(.bm-name:text-is("${name}"))`);
}

test("add bookmarks: a fetched favicon, and a site whose icon cannot be fetched", async ({ page }) => {
  await open(page);
  const before = await page.locator(".bm-tile").count();
  test.skip(before > 7, "this install already holds too many bookmarks for this flow");

  // Field errors come from the server and name the field.
  await page.fill("#bm-name", "Broken");
  await page.fill("#bm-url", "ftp://files.home.lan");
  await page.click("#bm-save");
  await expect(page.locator(".form-error")).toContainText("url");
  await expect(page.locator("#bm-url")).toHaveAttribute("aria-invalid", "true");

  await add(page, "ArchNest", process.env.E2E_BASE_URL! + "/");
  await expect(page.locator("#bookmark-notice")).toHaveText("Saved.");
  await expect(tile(page, "ArchNest").locator(".bm-icon img")).toHaveAttribute("src", /^\/api\/bookmarks\/\d+\/icon\?v=\d+$/);
  const icon = await page.request.get((await tile(page, "ArchNest").locator(".bm-icon img").getAttribute("src"))!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toBe("image/svg+xml");
  expect(icon.headers()["content-security-policy"]).toContain("default-src 'none'");

  await add(page, "Offline NAS", "http://127.0.0.1:9/");
  await expect(page.locator("#bookmark-notice")).toContainText("icon could not be fetched: could not reach the site");
  await expect(tile(page, "Offline NAS").locator(".bm-icon.letter")).toHaveText("O");
  await expect(tile(page, "Offline NAS").locator(".bm-warn")).toHaveAttribute("title", /^icon could not be fetched: /);

  await add(page, "Jellyfin", "http://127.0.0.1:8096/", "🎬");
  await expect(tile(page, "Jellyfin").locator(".bm-icon.emoji")).toHaveText("🎬");
  await expect(page.locator(".bm-tile")).toHaveCount(before + 3);
  expect(await groupNames(page)).toEqual(["ArchNest", "Offline NAS", "Jellyfin"]);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "bookmarks-desktop.png"), fullPage: true });
});

test("reorder by mouse drag, by touch drag and by keyboard; the order is saved", async ({ page }) => {
  await open(page);
  // Mouse: drag Jellyfin's handle onto ArchNest.
  const handle = tile(page, "Jellyfin").locator(".bm-handle");
  const target = await tile(page, "ArchNest").boundingBox();
  const from = await handle.boundingBox();
  await page.mouse.move(from!.x + from!.width / 2, from!.y + from!.height / 2);
  await page.mouse.down();
  await page.mouse.move(target!.x + 30, target!.y + 20, { steps: 8 });
  await expect(tile(page, "Jellyfin")).toHaveClass(/dragging/);
  let saved = reorderSaved(page);
  await page.mouse.up();
  await expect(tile(page, "Jellyfin")).not.toHaveClass(/dragging/);
  expect(await groupNames(page)).toEqual(["Jellyfin", "ArchNest", "Offline NAS"]);
  await saved;
  await open(page);
  expect(await groupNames(page)).toEqual(["Jellyfin", "ArchNest", "Offline NAS"]);

  // Touch (a tablet): pointer events with pointerType "touch", as a finger sends them.
  const t = await tile(page, "Offline NAS").locator(".bm-handle").boundingBox();
  const onto = await tile(page, "Jellyfin").boundingBox();
  const touch = { pointerType: "touch", isPrimary: true, pointerId: 7, button: 0 };
  await tile(page, "Offline NAS").locator(".bm-handle").dispatchEvent("pointerdown", { ...touch, clientX: t!.x + 5, clientY: t!.y + 5 });
  await page.locator("body").dispatchEvent("pointermove", { ...touch, clientX: onto!.x + 20, clientY: onto!.y + 20 });
  saved = reorderSaved(page);
  await page.locator("body").dispatchEvent("pointerup", { ...touch, clientX: onto!.x + 20, clientY: onto!.y + 20 });
  expect(await groupNames(page)).toEqual(["Offline NAS", "Jellyfin", "ArchNest"]);
  await saved;
  await open(page);
  expect(await groupNames(page)).toEqual(["Offline NAS", "Jellyfin", "ArchNest"]);

  // Keyboard: Tab to "Move later" and press Enter; focus stays on the moved tile.
  await tile(page, "Offline NAS").locator(".bm-down").focus();
  saved = reorderSaved(page);
  await page.keyboard.press("Enter");
  await saved;
  expect(await groupNames(page)).toEqual(["Jellyfin", "Offline NAS", "ArchNest"]);
  await expect(tile(page, "Offline NAS").locator(".bm-down")).toBeFocused();
  saved = reorderSaved(page);
  await page.keyboard.press("Enter");
  expect(await groupNames(page)).toEqual(["Jellyfin", "ArchNest", "Offline NAS"]);
  await saved;
  await open(page);
  expect(await groupNames(page)).toEqual(["Jellyfin", "ArchNest", "Offline NAS"]);
});

test("edit and delete (with a confirmation)", async ({ page }) => {
  await open(page);
  await tile(page, "Offline NAS").locator(".bm-edit").click();
  await expect(page.locator("#bookmark-form h2")).toHaveText("Edit bookmark");
  await expect(page.locator("#bm-name")).toHaveValue("Offline NAS");
  await page.fill("#bm-name", "Old NAS");
  await page.check("#bm-icon-emoji");
  await page.click(".bm-emoji:text-is('💾')");
  await page.click("#bm-save");
  await expect(tile(page, "Old NAS").locator(".bm-icon.emoji")).toHaveText("💾");

  const count = await page.locator(".bm-tile").count();
  await tile(page, "Old NAS").locator(".bm-delete").click();
  await expect(tile(page, "Old NAS").locator(".bm-confirm")).toContainText("Delete this bookmark?");
  await tile(page, "Old NAS").locator(".bm-confirm .button.ghost").click();
  await expect(page.locator(".bm-tile")).toHaveCount(count);
  await tile(page, "Old NAS").locator(".bm-delete").click();
  await tile(page, "Old NAS").locator(".bm-confirm-delete").click();
  await expect(page.locator(".bm-tile")).toHaveCount(count - 1);
  await expect(tile(page, "Old NAS")).toHaveCount(0);
});

test("at 10 bookmarks the form gives way to the unlimited-bookmarks lock badge", async ({ page }) => {
  await open(page);
  const emoji = ["🏠", "📺", "🎵", "📷", "📊", "📈", "🐳", "🔒", "🛡️", "💾"];
  let n = await page.locator(".bm-tile").count();
  for (let i = 0; n < 10; i++, n++) {
    await add(page, `Service ${i + 1}`, `http://127.0.0.1:${20000 + i}/`, emoji[i % emoji.length]);
  }
  await expect(page.locator("#bookmark-count")).toHaveText("10 of 10");
  await expect(page.locator("#bookmark-form")).toHaveCount(0);
  const badge = page.locator('#bookmark-limit .lock-badge[data-module="unlimited-bookmarks"]');
  await expect(badge).toHaveText("Unlock for $5");
  await expect(badge).toHaveAttribute("href", "/settings/store/modules/unlimited-bookmarks");

  // The server refuses the 11th whatever the page shows.
  const res = await page.request.post("/api/fn/bookmarks/save", {
    form: { name: "Eleventh", url: "http://127.0.0.1:29999/", group: GROUP, emoji: "🧪" },
    headers: { origin: process.env.E2E_BASE_URL! },
  });
  expect(res.status()).not.toBe(200);
  expect(JSON.parse(await res.text())).toMatchObject({ LimitReached: { module: "unlimited-bookmarks" } });

  // Editing is still possible at the cap.
  await page.locator(".bm-tile .bm-edit").first().click();
  await expect(page.locator("#bookmark-form")).toBeVisible();
  await page.locator("#bookmark-form .button.ghost", { hasText: "Cancel" }).click();
  await expect(page.locator("#bookmark-limit")).toBeVisible();

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "bookmarks-full-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: path.join(SHOTS, "bookmarks-tablet.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400); // the sidebar slides into its phone drawer
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SHOTS, "bookmarks-phone.png"), fullPage: true });
});

test("help has a table of contents whose links reach each section", async ({ page }) => {
  await page.goto("/help");
  await hydrated(page);
  const links = page.locator(".help-toc a");
  await expect(links).toHaveCount(9);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
    await expect(page.locator(href)).toBeVisible();
  }
  await expect(page.locator("#shortcuts tbody tr")).toHaveCount(13);
  await expect(page.locator("#data")).toContainText("ARCHNEST_SECRET_KEY_FILE");
  await expect(page.locator("#files")).toContainText(".name.archnest-upload-");
  await expect(page.locator("#tunnels")).toContainText("Tunnel Auto-start module");
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: path.join(SHOTS, "help-desktop.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(400);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(SHOTS, "help-phone.png") });
});
