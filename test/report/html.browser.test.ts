/**
 * The HTML report in a real browser: Debian's chromium (apt-get install -y chromium; .ci/run installs
 * it where missing), driven by playwright-core. The charts must draw their marks and the page must
 * load with no console errors and no network requests.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { run } from '../../src/cli/run.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderMarkdownSummary } from '../../src/report/summary.js';

const CHROMIUM = '/usr/bin/chromium';
const example = new URL('../../examples/team.json', import.meta.url).pathname;

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'caseload-report-'));
let exit = -1;
let result: { workers: { workerId: string; available: boolean; capacityPoints: number; band: string }[]; moves: unknown[]; unallocated: unknown[] };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install it with "apt-get install -y chromium" (Debian)`);
  let out = '';
  exit = await run(['allocate', example, '--json', '--max-iterations', '30', '--time-limit', '60', '--report', join(dir, 'report.html'), '--summary', join(dir, 'summary.md')], { out: (t) => (out += t), err: () => {} });
  result = JSON.parse(out);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('HTML report in headless chromium', () => {
  it('is one self-contained file: no external references', () => {
    expect(exit).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/<link |@import|url\(/i);
  });

  it('draws every chart’s marks, with no console errors or network requests', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const count = (selector: string) => page.locator(selector).count();
    const workers = result.workers.length;
    // The headline states demand against capacity in plain words.
    expect(await page.locator('#capacity-headline').innerText()).toMatch(/^Demand [\d,]+ points against [\d,]+ at target \(\d+ %\)/);
    // Points per worker: one "before" and one "after" bar per worker, a capacity tick per worker with capacity.
    expect(await count('#points-chart rect.before')).toBe(workers);
    expect(await count('#points-chart rect.after')).toBe(workers);
    expect(await count('#points-chart line.capacity')).toBe(result.workers.filter((w) => w.capacityPoints > 0).length);
    // After bars carry their band colour: the red/amber/green/blue of the JSON result.
    const fills = await page.locator('#points-chart rect.after').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    const colour: Record<string, string> = { red: '#c62828', amber: '#ef8f00', green: '#2e7d32', blue: '#1565c0' };
    expect(fills).toEqual(result.workers.map((w) => colour[w.band]));
    // Utilisation histogram: the stacked bins hold every available worker with capacity, once.
    const binTips = await page.locator('#utilisation-chart rect.bin').evaluateAll((els) => els.map((e) => e.getAttribute('data-tip') ?? ''));
    const binned = binTips.flatMap((t) => t.split(': ')[1].split(', ')).sort();
    expect(binned).toEqual(result.workers.filter((w) => w.available && w.capacityPoints > 0).map((w) => w.workerId).sort());
    // Moves: bars out and in, and a table row per move.
    expect(result.moves.length).toBeGreaterThan(0);
    expect(await count('#moves-chart rect.moved-out')).toBeGreaterThan(0);
    expect(await count('#moves-chart rect.moved-in')).toBeGreaterThan(0);
    // Marks have a real size once laid out.
    const box = await page.locator('#points-chart').boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(100);
    // The inline script works: sorting the workers table by a column reorders it.
    const table = page.locator('table').last();
    await table.locator('th', { hasText: 'points after' }).click();
    const sorted = await table.locator('tbody tr td:nth-child(5)').allTextContents();
    expect(sorted.map(Number)).toEqual([...sorted.map(Number)].sort((a, b) => a - b));
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await page.close();
  });

  it('an infeasible result: the diagnosis is shown, the empty charts still render without errors', async () => {
    const r = allocateSync({ workers: [{ id: 'a', fte: 1, capacityPoints: 8 }], cases: [{ id: 'x', type: 'child-protection' }, { id: 'y', type: 'child-protection' }], policy: { allowUnallocated: false } }, { maxIterations: 100, timeLimit: 20 });
    expect(r.status).toBe('infeasible');
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.setContent(renderHtmlReport(r));
    expect(await page.locator('h2', { hasText: 'Why no allocation' }).count()).toBe(1);
    expect(await page.locator('li', { hasText: 'a may carry at most 8.8 points (110% of 8)' }).count()).toBe(1);
    expect(await page.locator('#points-chart rect.after').count()).toBe(1);
    expect(await page.locator('#moves-chart').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
    expect(renderMarkdownSummary(r)).toMatch(/## Why no allocation\n\nthe hard rules cannot all hold/);
  });

  it('the Markdown summary has the headline, bands and a row per worker', () => {
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toMatch(/^# Caseload allocation\n\n\*\*Demand [\d,]+ points against [\d,]+ at target \(\d+ %\)[^*]*\*\*\n\n\*\*185 of 185 cases allocated\*\*/);
    expect(md).toMatch(/Bands: \d+ red \(over 110%\), \d+ amber/);
    for (const w of result.workers) expect(md).toContain(`| ${w.workerId}`);
  });
});
