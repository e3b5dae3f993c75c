import { test, expect } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { hydrated, signIn } from "./helpers";

const SHOTS = path.resolve(__dirname, "../screenshots");
fs.mkdirSync(SHOTS, { recursive: true });

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test("health endpoint reports ok with the crate version", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.status).toBe("ok");
  expect(body.database).toBe("ok");
  expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
});

test("the app hydrates: WASM-only interactions work", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  // A server function answered through the hydrated client.
  await expect(page.locator("#system-card")).toContainText("Database");
  // Live updates arrive over server-sent events, which only the browser client opens.
  await expect(page.locator("#glance-live")).toHaveText("Live", { timeout: 15_000 });

  // The sidebar collapses and remembers it across a reload.
  const frame = page.locator(".frame");
  await expect(frame).not.toHaveClass(/collapsed/);
  await page.getByRole("button", { name: "Collapse sidebar" }).click();
  await expect(frame).toHaveClass(/collapsed/);
  await page.reload();
  await hydrated(page);
  await expect(frame).toHaveClass(/collapsed/);
  await page.getByRole("button", { name: "Expand sidebar" }).click();
  await expect(frame).not.toHaveClass(/collapsed/);
});

test("every page of the product is in the sidebar and reachable", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const pages = ["Infrastructure", "Terminal", "Tunnels", "Files", "Docker", "Metrics", "Desktop",
    "Bookmarks", "Recordings", "Audit", "Settings", "Help", "Glance"];
  for (const name of pages) {
    await page.locator(".sidebar").getByRole("link", { name, exact: true }).click();
    await expect(page.locator("h1")).toHaveText(name);
    await expect(page.locator(".sidebar").getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
  }
});

test("unknown pages answer 404 with a way back", async ({ page }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByText("Page not found")).toBeVisible();
});

test("the web app manifest makes it installable", async ({ page, request }) => {
  await page.goto("/");
  const href = await page.locator('link[rel="manifest"]').getAttribute("href");
  const manifest = await (await request.get(href!)).json();
  expect(manifest.name).toBe("ArchNest");
  expect(manifest.short_name).toBe("ArchNest");
  expect(manifest.display).toBe("standalone");
  expect(manifest.theme_color).toMatch(/^#/);
  const sizes = manifest.icons.map((i: any) => `${i.sizes}:${i.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(["192x192:any", "512x512:any", "512x512:maskable"]));
  for (const icon of manifest.icons) {
    expect((await request.get(icon.src)).status(), icon.src).toBe(200);
  }
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", /apple-touch-icon/);
  await expect(page.locator('meta[name="apple-mobile-web-app-capable"]')).toHaveAttribute("content", "yes");
});

test("the service worker registers, precaches the build and serves the offline page", async ({ page, context }) => {
  await page.goto("/");
  await hydrated(page);
  const scriptURL = await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    return reg.active?.scriptURL ?? "";
  });
  expect(scriptURL).toMatch(/\/sw\.js$/);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith("archnest-"))!);
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  expect(cached).toContain("/offline.html");
  expect(cached.some((p) => /^\/pkg\/archnest.*\.wasm$/.test(p))).toBeTruthy();

  await context.setOffline(true);
  await page.goto("/never-visited-page").catch(() => {});
  await expect(page.getByText("ArchNest is out of reach")).toBeVisible();
  await context.setOffline(false);
});

for (const [name, width, height] of [["desktop", 1440, 900], ["tablet", 1024, 768], ["phone", 390, 844]] as const) {
  test(`looks right at ${name} size (${width}×${height})`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto("/");
    await hydrated(page);
    await expect(page.locator("#system-card")).toContainText("Version");
    // Nothing overflows horizontally.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    if (name === "phone") {
      await expect(page.locator(".sidebar")).not.toBeInViewport();
      await page.getByRole("button", { name: "Open navigation" }).click();
      await expect(page.locator(".sidebar")).toBeInViewport({ ratio: 1 });
      await page.waitForTimeout(300); // let the slide-in transition finish for the screenshot
      await page.screenshot({ path: path.join(SHOTS, `glance-${name}-drawer.png`) });
      await page.locator(".sidebar").getByRole("link", { name: "Settings", exact: true }).click();
      await expect(page.locator("h1")).toHaveText("Settings");
      await expect(page.locator(".sidebar")).not.toBeInViewport();
      await page.goto("/");
      await hydrated(page);
    } else {
      await expect(page.locator(".sidebar")).toBeInViewport();
    }
    await page.screenshot({ path: path.join(SHOTS, `glance-${name}.png`), fullPage: true });
  });
}

test("keyboard: g then a letter opens a page", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.keyboard.press("g");
  await page.keyboard.press("h");
  await expect(page.locator("h1")).toHaveText("Help");
  await page.keyboard.press("g");
  await page.keyboard.press("t");
  await expect(page.locator("h1")).toHaveText("Terminal");
});
