// Renders images/icon.svg to images/icon.png (128 x 128, transparent corners) with Debian's Chromium
// through playwright-core: `node scripts/render-icon.mjs` after editing the SVG.
import { chromium } from 'playwright-core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(ROOT, 'images/icon.svg'), 'utf8');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'icon-'));
const browser = await chromium.launch({ executablePath: process.env.CHROME || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'], env: { ...process.env, HOME: home } });
const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: path.join(ROOT, 'images/icon.png'), omitBackground: true });
await browser.close();
fs.rmSync(home, { recursive: true, force: true });
console.log('images/icon.png written');
