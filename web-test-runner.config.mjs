import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { puppeteerLauncher } from '@web/test-runner-puppeteer';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { teahouseServerPlugin } from './test/support/teahouse-server-plugin.mjs';
import { resultsReporter } from './test/support/results-reporter.mjs';

const HOST = '127.0.0.1';
const PORT = Number(process.env.TEAHOUSE_WTR_PORT ?? 8765);
const ORIGIN = `http://${HOST}:${PORT}`;

const wanted = (process.env.TEAHOUSE_BROWSERS ?? 'chromium,firefox,webkit')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForDriver(port, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`http://${HOST}:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not start on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** WebKitWebDriver runs for the life of this process. */
async function startWebKitDriver() {
  const port = await freePort();
  const driver = spawn('/usr/bin/WebKitWebDriver', [`--port=${port}`, `--host=${HOST}`], { stdio: 'ignore' });
  const stop = () => {
    if (driver.exitCode === null) driver.kill();
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      stop();
      process.exit(130);
    });
  }
  await waitForDriver(port);
  return port;
}

const launchers = {
  chromium: () =>
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      },
    }),
  firefox: () =>
    puppeteerLauncher({
      launchOptions: { browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true },
    }),
  webkit: async () =>
    webdriverLauncher({
      automationProtocol: 'webdriver',
      hostname: HOST,
      port: await startWebKitDriver(),
      path: '/',
      capabilities: {
        browserName: 'MiniBrowser',
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      },
    }),
};

const teahouse = teahouseServerPlugin({ origin: ORIGIN });

const browsers = [];
for (const name of wanted) {
  const launcher = launchers[name];
  if (!launcher) throw new Error(`Unknown browser "${name}" in TEAHOUSE_BROWSERS (use ${Object.keys(launchers).join(', ')})`);
  browsers.push(await launcher());
}

export default {
  files: ['packages/{client,elements}/dist/**/*.test.js', 'test/browser/*.test.js'],
  // Lit's production build: what readers run, without the dev-mode warnings.
  nodeResolve: { exportConditions: ['production'] },
  hostname: HOST,
  port: PORT,
  browsers,
  // One test file at a time per browser: a file in a background tab gets no animation frames
  // in Firefox, and each live thread holds one of the browser's few connections per host.
  concurrency: Number(process.env.TEAHOUSE_WTR_CONCURRENCY ?? 1),
  concurrentBrowsers: 3,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 180_000,
  testFramework: { config: { timeout: 10_000 } },
  plugins: [teahouse],
  middleware: [teahouse.faults],
  reporters: [defaultReporter(), resultsReporter({ path: process.env.TEAHOUSE_WTR_RESULTS })],
};
