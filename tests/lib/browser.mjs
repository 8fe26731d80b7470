// tests/lib/browser.mjs — a real Chromium (Debian's /usr/bin/chromium) driven
// by playwright-core, and an accessibility check with axe-core.
//
//   const b = await launch();
//   const page = await b.page({ width: 360 });
//   ...
//   await b.close();
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

export const SHOTS = join(ROOT, 'build', 'screenshots');

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const contexts = [];
  return {
    browser,
    async page({ width = 1366, height = 900, locale = 'vi-VN' } = {}) {
      const ctx = await browser.newContext({ viewport: { width, height }, locale, timezoneId: 'Europe/Paris' });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.consoleErrors = [];
      page.on('console', (m) => {
        if (m.type() === 'error') page.consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => page.consoleErrors.push(String(e)));
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close();
    },
  };
}

/** Saves a full-page screenshot under build/screenshots/NAME.png. */
export async function shot(page, name) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });
}

/** Runs axe-core on the page; returns the serious/critical violations. */
export async function axe(page) {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
