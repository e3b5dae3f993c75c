import { defineConfig } from "@playwright/test";
import * as path from "node:path";
import * as os from "node:os";
import * as fs from "node:fs";

// The ArchNest binary under test (scripts/test sets it) runs with a fresh data dir
// on a fixed loopback port; specs run in file order against that one server.
const repo = process.env.REPO ?? path.resolve(__dirname, "..");
const bin =
  process.env.E2E_ARCHNEST_BIN ??
  path.join(process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), ".cache/archnest/target"), "debug/archnest");
// Deterministic values: Playwright evaluates this file in every worker too.
const port = Number(process.env.E2E_PORT ?? 18181);
const runDir = process.env.RUN_DIR ?? path.join(os.tmpdir(), `archnest-e2e-${port}`);
const dataDir = path.join(runDir, "e2e-data");
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_BIN = bin;
if (!process.env.TEST_WORKER_INDEX) {
  // Main process, before the web server starts: every run is a fresh install.
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const baseURL = `http://127.0.0.1:${port}`;
process.env.E2E_BASE_URL = baseURL;

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
      ARCHNEST_DATA_DIR: dataDir,
      ARCHNEST_LICENSE_SERVER: process.env.ARCHNEST_LICENSE_SERVER ?? "http://127.0.0.1:9",
      ARCHNEST_LOG: "info",
    },
  },
});
