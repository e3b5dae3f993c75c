import { defineConfig } from "@playwright/test";
import * as path from "node:path";
import * as os from "node:os";
import * as fs from "node:fs";

// The ArchNest binary under test (scripts/test sets it) runs with a fresh data dir
// on a fixed loopback port; specs run in file order against that one server.
const repo = process.env.REPO ?? path.resolve(__dirname, "..");
const bin =
  process.env.ARCHNEST_BIN ??
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), ".cache/archnest/target"), "debug/archnest");
const runDir = process.env.RUN_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), "archnest-e2e-"));
const port = Number(process.env.E2E_PORT ?? 18080 + Math.floor(Math.random() * 1000));
export const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
      ],
    },
  },
  webServer: {
    command: `${bin} serve`,
    cwd: repo,
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      ARCHNEST_ADDR: `127.0.0.1:${port}`,
      ARCHNEST_DATA_DIR: path.join(runDir, `e2e-data-${port}`),
      ARCHNEST_LICENSE_SERVER: process.env.ARCHNEST_LICENSE_SERVER ?? "http://127.0.0.1:9",
      ARCHNEST_LOG: "info",
    },
  },
});
