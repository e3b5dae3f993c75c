import { defineConfig } from "@playwright/test";
import * as path from "node:path";
import * as os from "node:os";
import * as fs from "node:fs";
import { execFileSync } from "node:child_process";

// Three real servers on loopback, started by Playwright before the specs: the Stripe
// TEST DOUBLE, the license server (signing with a key generated for this run) and
// ArchNest (debug build with the `test-license-key` feature, trusting that key).
// Specs run in file order against one fresh install.
const repo = process.env.REPO ?? path.resolve(__dirname, "..");
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(os.homedir(), ".cache/archnest/target");
const bin = process.env.E2E_ARCHNEST_BIN ?? path.join(targetDir, "debug/archnest");
const licenseServer = path.join(path.dirname(bin), "license-server");
const stripeDouble = path.join(path.dirname(bin), "stripe-double");

// Deterministic values: Playwright evaluates this file in every worker too.
const port = Number(process.env.E2E_PORT ?? 18181);
const [doublePort, licensePort] = [port + 1, port + 2];
const runDir = process.env.RUN_DIR ?? path.join(os.tmpdir(), `archnest-e2e-${port}`);
const dataDir = path.join(runDir, "e2e-data");
const keyFile = path.join(runDir, "license-signing.key");
const baseURL = `http://127.0.0.1:${port}`;
const doubleURL = `http://127.0.0.1:${doublePort}`;
const licenseURL = `http://127.0.0.1:${licensePort}`;
process.env.E2E_DATA_DIR = dataDir;
process.env.E2E_BIN = bin;
process.env.E2E_BASE_URL = baseURL;
process.env.E2E_STRIPE_DOUBLE_URL = doubleURL;
// The Docker engine the Docker spec manages (scripts/test: start_dockerd). Workers
// inherit the environment; this line documents the hand-over and keeps it explicit.
process.env.E2E_DOCKER_URL = process.env.E2E_DOCKER_URL ?? process.env.ARCHNEST_TEST_DOCKER_URL ?? "";
// The SSH host for Files/Terminal specs (scripts/services.sh start_sshd exports these;
// workers inherit them). Defaults keep the test user of archnest_backend::testing::sshd.
process.env.E2E_SSH_HOST ??= "127.0.0.1";
process.env.E2E_SSH_USER ??= "archnest-test";
process.env.E2E_SSH_PASSWORD ??= "archnest-test-Pw-2941";

let licensePublicKey = "";
if (!process.env.TEST_WORKER_INDEX) {
  // Main process, before the servers start: a fresh install and a fresh signing key.
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  fs.rmSync(keyFile, { force: true });
  fs.rmSync(path.join(runDir, "license-server.db"), { force: true });
  licensePublicKey = execFileSync(licenseServer, ["keygen", "--out", keyFile], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
}
const STRIPE_KEY = "sk_test_e2e_double";
const WEBHOOK_SECRET = "whsec_e2e_double";

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
  webServer: [
    {
      command: `${stripeDouble} --listen 127.0.0.1:${doublePort} --webhook-url ${licenseURL}/v1/stripe/webhook --webhook-secret ${WEBHOOK_SECRET} --api-key ${STRIPE_KEY}`,
      url: `${doubleURL}/test/events`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `${licenseServer} serve`,
      url: `${licenseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: {
        LICENSE_SERVER_ADDR: `127.0.0.1:${licensePort}`,
        LICENSE_SERVER_DATABASE_URL: `sqlite://${path.join(runDir, "license-server.db")}?mode=rwc`,
        LICENSE_SIGNING_KEY_FILE: keyFile,
        STRIPE_SECRET_KEY: STRIPE_KEY,
        STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
        STRIPE_API_BASE: doubleURL,
        PUBLIC_URL: licenseURL,
      },
    },
    {
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
        ARCHNEST_LICENSE_SERVER: licenseURL,
        ARCHNEST_TEST_LICENSE_PUBLIC_KEY: licensePublicKey,
        ARCHNEST_LOG: "info",
      },
    },
  ],
});
