import { test, expect } from "@playwright/test";
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes, createHash } from "node:crypto";
import { ADMIN, ensureHost, hydrated, signIn, SSH } from "./helpers";

// The SFTP file manager against the real sshd scripts/services.sh starts.
const SHOTS = path.resolve(__dirname, "../screenshots");
fs.mkdirSync(SHOTS, { recursive: true });

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

test.beforeEach(async ({ page }) => {
  page.on("pageerror", (e) => console.log("PAGEERROR:", String(e).slice(0, 600)));
  // 00-accounts creates the admin; running this spec alone creates it here instead
  // (the public setup function refuses once an admin exists).
  await page.request.post("/api/fn/auth/setup", {
    form: { username: ADMIN.username, password: ADMIN.password, confirm: ADMIN.password },
    headers: { origin: process.env.E2E_BASE_URL! },
  });
  await signIn(page);
});

test("browse, make a folder, upload with progress, download the same bytes, delete", async ({ page }) => {
  test.setTimeout(90_000);
  const host = await ensureHost(page);
  const home = `/home/${SSH.user}`;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/files?host=${host}&path=${encodeURIComponent(home)}`);
  await hydrated(page);
  await expect(page.getByRole("navigation", { name: "Folder" })).toContainText(SSH.user);

  // A fresh folder through the dialog, then into it.
  const folder = `e2e-${Date.now()}`;
  await page.getByRole("button", { name: "New folder" }).click();
  await page.getByRole("dialog").getByLabel("Name").fill(folder);
  await page.getByRole("dialog").getByRole("button", { name: "Create" }).click();
  const folderRow = page.locator(`tr[data-name="${folder}"]`);
  await expect(folderRow).toBeVisible();
  await folderRow.getByRole("link", { name: folder }).click();
  await expect(page).toHaveURL(new RegExp(`path=${encodeURIComponent(`${home}/${folder}`).replace(/%2F/g, "/")}`));
  await expect(page.getByText("This folder is empty.")).toBeVisible();

  // Upload two files with the picker; both bars finish and the files are listed.
  const big = randomBytes(3 * 1024 * 1024 + 17);
  const small = Buffer.from("hello from the e2e spec\n");
  await page.getByTestId("upload-files").setInputFiles([
    { name: "big.bin", mimeType: "application/octet-stream", buffer: big },
    { name: "notes.txt", mimeType: "text/plain", buffer: small },
  ]);
  await expect(page.locator('.upload-row[data-state="done"]')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.locator(".upload-total")).toHaveAttribute("value", String(big.length + small.length));
  await expect(page.locator('tr[data-name="big.bin"]')).toContainText("3.0 MB");
  await expect(page.locator('tr[data-name="notes.txt"]')).toContainText("-rw-");
  await page.screenshot({ path: path.join(SHOTS, "files-1440.png"), fullPage: true });

  // The Download link streams the same bytes back.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator('tr[data-name="big.bin"]').getByRole("link", { name: "Download" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("big.bin");
  const saved = fs.readFileSync((await download.path())!);
  expect(sha(saved)).toBe(sha(big));

  // Edit the text file in the editor and save.
  await page.locator('tr[data-name="notes.txt"]').getByRole("button", { name: "Edit" }).click();
  const editor = page.getByLabel("File content");
  await expect(editor).toHaveValue(small.toString());
  await editor.fill("edited in the browser\n");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("dialog")).toContainText("Saved.");
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  const res = await page.request.get(`/api/files/${host}/download?path=${encodeURIComponent(`${home}/${folder}/notes.txt`)}`);
  expect(await res.text()).toBe("edited in the browser\n");

  // Tablet width keeps the table usable: every row action is on screen without
  // scrolling the table sideways.
  await page.setViewportSize({ width: 1024, height: 768 });
  const card = page.locator(".files-table-card");
  await expect.poll(() => card.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await expect(page.locator('tr[data-name="notes.txt"]').getByRole("button", { name: "Delete" })).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: path.join(SHOTS, "files-1024.png"), fullPage: true });

  // Up, then delete the folder recursively after confirming.
  await page.getByRole("button", { name: "↑ Up" }).click();
  await page.locator(`tr[data-name="${folder}"]`).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toContainText("and everything in it");
  await page.getByRole("dialog").getByRole("button", { name: "Delete" }).click();
  await expect(page.locator(`tr[data-name="${folder}"]`)).toHaveCount(0);
});

test("errors are shown precisely", async ({ page }) => {
  const host = await ensureHost(page);
  await page.goto(`/files?host=${host}&path=/root`);
  await hydrated(page);
  await expect(page.getByRole("alert")).toContainText("Permission denied: /root");
  await page.getByLabel("Path").fill("/no/such/place");
  await page.getByLabel("Path").press("Enter");
  await expect(page.getByRole("alert")).toContainText("No such file or folder: /no/such/place");
});
