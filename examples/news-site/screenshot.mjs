#!/usr/bin/env node
// Screenshots of the running demo for the docs: `node examples/news-site/screenshot.mjs [url]`
// writes docs/demo.png (desktop, logged in as a reader) and docs/demo-mobile.png (360 px).
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const url = process.argv[2] ?? process.env.DEMO_URL ?? 'http://127.0.0.1:8080/';
const docs = fileURLToPath(new URL('../../docs/', import.meta.url));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
});
try {
  const shots = [
    { file: 'demo.png', viewport: { width: 1024, height: 800 }, login: 'u-linxiaoyu' },
    { file: 'demo-mobile.png', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true },
  ];
  for (const shot of shots) {
    const context = await browser.newContext({ viewport: shot.viewport, deviceScaleFactor: shot.deviceScaleFactor ?? 1, isMobile: shot.isMobile ?? false, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && console.error(`[${shot.file}] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[${shot.file}] ${e.message}`));
    await page.goto(url);
    if (shot.login) {
      await page.locator('[data-action="login"]').click();
      await page.locator(`#login-dialog button[value="${shot.login}"]`).click();
      await page.locator('[data-reader-name]').filter({ hasText: /\S/ }).waitFor();
    }
    await page.locator('teahouse-comment').first().waitFor({ timeout: 15_000 });
    await page.locator('teahouse-composer').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${docs}${shot.file}`, fullPage: true });
    console.log(`wrote docs/${shot.file}`);
    await context.close();
  }
} finally {
  await browser.close();
}
