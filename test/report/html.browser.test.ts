/**
 * The HTML report in a real browser: Debian's chromium (apt-get install -y chromium; .ci/run installs
 * it where missing), driven by playwright-core. The charts must draw their marks and the page must
 * load with no console errors and no network requests. Accessibility: axe-core (injected into the
 * page) finds no serious or critical violation, the tables sort from the keyboard with aria-sort
 * following, and the print styles apply.
 */
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateSync } from '../../src/app/allocate.js';
import { run } from '../../src/cli/run.js';
import { BAND_FILLS, renderHtmlReport } from '../../src/report/html.js';
import { headline } from '../../src/report/headline.js';
import type { AllocationResult } from '../../src/report/result.js';
import { renderMarkdownSummary } from '../../src/report/summary.js';

// The few browser globals the page callbacks use (the test project has no DOM lib; they run in chromium).
declare const document: { readonly activeElement: unknown };
declare function getComputedStyle(element: unknown): { readonly display: string; readonly outlineStyle: string; readonly maxWidth: string };

const CHROMIUM = '/usr/bin/chromium';
const example = new URL('../../examples/team.json', import.meta.url).pathname;

let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'caseload-report-'));
let exit = -1;
let result: AllocationResult;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}
/** axe-core's WCAG 2.x A/AA and best-practice rules on the page: its violations and the ids of the rules that passed. */
async function axe(page: Page): Promise<{ violations: AxeViolation[]; passes: string[] }> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const r = await (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[]; passes: { id: string }[] }> } }).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations', 'passes'] });
    return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })), passes: r.passes.map((p) => p.id) };
  });
}
const serious = (violations: readonly AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);

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
    expect(html).not.toMatch(/<link |@import/i);
    // url(#…) names a pattern defined in the page itself; any other url( would reach outside it.
    expect(html).not.toMatch(/url\((?!#band-)/i);
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
    // After bars carry their band's fill (colour and pattern): the red/amber/green/blue of the JSON result.
    const fills = await page.locator('#points-chart rect.after').evaluateAll((els) => els.map((e) => [e.getAttribute('data-band'), e.getAttribute('fill')]));
    expect(fills).toEqual(result.workers.map((w) => [w.band, BAND_FILLS[w.band]]));
    // Each pattern a fill names is defined once in the page.
    for (const id of ['band-red', 'band-amber', 'band-blue']) expect(await count(`pattern#${id}`)).toBe(1);
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
    await table.locator('th button', { hasText: 'points after' }).click();
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

  it('the headline says the result in plain words, with the solver terms in the footnote', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const text = await page.locator('#headline').textContent();
    expect(text).toBe(headline(result));
    expect(text).toMatch(/^All 185 cases allocated; (no worker|\d+ workers?) over capacity/);
    expect(text).not.toMatch(/status|objective/);
    expect(await page.locator('p.sub', { hasText: `objective ${result.objective}` }).count()).toBe(1);
    await page.close();
  });

  it('axe-core finds no serious or critical accessibility violation (contrast included)', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const { violations, passes } = await axe(page);
    expect(serious(violations)).toEqual([]);
    // The rules that matter here ran and passed (not skipped for want of elements).
    expect(passes).toEqual(expect.arrayContaining(['color-contrast', 'button-name', 'html-has-lang', 'document-title', 'svg-img-alt', 'th-has-data-cells', 'landmark-one-main', 'region']));
    await page.close();
  });

  it('the axe check can fail: the old amber badge (white on #ef8f00, 2.4:1) and an empty heading button are caught', async () => {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html lang="en"><head><title>t</title></head><body><main><span style="background:#ef8f00;color:#fff;font-size:12px">amber</span><table><thead><tr><th><button type="button"></button></th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></main></body></html>');
    const ids = serious((await axe(page)).violations).map((v) => v.split(' ')[0]);
    expect(ids).toEqual(expect.arrayContaining(['color-contrast', 'button-name']));
    await page.close();
  });

  it('the tables sort from the keyboard: Tab reaches a heading button, Enter and Space sort, aria-sort follows', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const workersTable = page.locator('table[aria-label="Workers"]');
    const heading = workersTable.locator('th', { hasText: 'points after' });
    const sortOf = () => workersTable.locator('th').evaluateAll((ths) => ths.map((th) => th.getAttribute('aria-sort')));
    expect((await sortOf()).every((v) => v === null)).toBe(true);
    // Tab through the page until the heading's button has the focus (every heading is a stop).
    let reached = false;
    for (let k = 0; k < 200 && !reached; k++) {
      await page.keyboard.press('Tab');
      reached = await heading.locator('button').evaluate((b) => b === document.activeElement);
    }
    expect(reached).toBe(true);
    const column = () => workersTable.locator('tbody tr td:nth-child(5)').allTextContents().then((t) => t.map(Number));
    await page.keyboard.press('Enter');
    const up = await column();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(await sortOf()).toEqual(['worker', 'role', 'cases', 'points before', 'points after', 'capacity', 'utilisation', 'band', 'points by type', 'what changed'].map((h) => (h === 'points after' ? 'ascending' : null)));
    await page.keyboard.press('Space');
    const down = await column();
    expect(down).toEqual([...up].sort((a, b) => b - a));
    expect(await heading.getAttribute('aria-sort')).toBe('descending');
    // Sorting another column moves aria-sort there.
    await workersTable.locator('th button').first().focus();
    await page.keyboard.press('Enter');
    expect((await sortOf()).filter((v) => v !== null)).toEqual(['ascending']);
    expect(await workersTable.locator('th').first().getAttribute('aria-sort')).toBe('ascending');
    // The focus is visible.
    const outline = await workersTable.locator('th button').first().evaluate((b) => getComputedStyle(b).outlineStyle);
    expect(outline).toBe('solid');
    await page.close();
  });

  it('print styles: hints and the tooltip are hidden, headings repeat, and it prints to PDF', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(dir, 'report.html')).href);
    const display = (selector: string) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).display);
    expect(await display('.hint')).toBe('block');
    await page.emulateMedia({ media: 'print' });
    expect(await display('.hint')).toBe('none');
    expect(await display('#tip')).toBe('none');
    expect(await display('thead')).toBe('table-header-group');
    expect(await page.locator('body').evaluate((b) => getComputedStyle(b).maxWidth)).toBe('none');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await page.close();
  });

  it('the Markdown summary has the headline, bands and a row per worker', () => {
    const md = readFileSync(join(dir, 'summary.md'), 'utf8');
    expect(md).toMatch(/^# Caseload allocation\n\n\*\*Demand [\d,]+ points against [\d,]+ at target \(\d+ %\)[^*]*\*\*\n\n\*\*185 of 185 cases allocated\*\*/);
    expect(md).toMatch(/Bands: \d+ red \(over 110%\), \d+ amber/);
    for (const w of result.workers) expect(md).toContain(`| ${w.workerId}`);
  });
});
