// The book in a real browser (issue 14): what a reader would see go wrong.
//
// Serves the built book (docs/book, from `mdbook build docs`) on loopback and
// opens every page of docs/src/SUMMARY.md in headless Chromium. A page fails
// when:
//   - the console shows an error, or a request fails or answers 4xx/5xx;
//   - `{{#include` text is left in it (an include mdBook could not resolve);
//   - an internal link points to a missing page or a missing #anchor;
//   - an image does not load (natural width 0) or has no alt text;
//   - the search box does not find it by a word from its body;
//   - at 1280 px, a table, an image or a run-output block (```text) is wider
//     than the content column, so part of it is cut off or hidden behind a
//     sideways scroll (source code blocks may scroll: long code lines are
//     code, and cutting them would be worse);
//   - at 1280 x 900 px, the sidebar's last entry (the Reference) is off screen;
//   - at 390 px (a phone), the page scrolls sideways or cuts something off;
//   - at 1280 or 390 px, run output, a table or a figure is wider than its
//     box and scrolls without a visible cue (docs/theme/workbook.js marks
//     such boxes and the theme shows "scroll →" and a shadow);
//   - at 390 px, a figure is drawn at under 75 % of its size (its 11-12 px
//     labels would fall under 9 px), or run output's type falls under 5 px;
//   - at 1280 or 390 px, the "on this page" list in the sidebar misses a
//     heading of the page, hides one (folded, or clipped by a box of its own
//     that scrolls), or is taller than the sidebar (a screen);
//   - at 1280 px, a full line of prose holds more than 82 characters (median);
//   - at 1280 or 390 px, an inline name breaks across lines inside a word
//     (`Duratio|n::from_millis`: it may break only at a space or where the
//     theme put a <wbr>, after `::`, `.` or `_`), or a number cell wraps.
// It walks the pages SUMMARY.md lists (the book's own contents, one page a
// chapter or a folder of pages a chapter alike): no page is named here.
// Screenshots of the first page of lessons 02 and 04 go to target/browser/ (CI keeps them).
//
// Usage: node tests/browser/check.mjs [--book DIR] [--src DIR] [--page NAME.html ...]
// Needs Chromium (Debian's `chromium`, or CHROMIUM=/path) and `npm ci` here.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WIDE = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
// The chapters whose screenshots CI keeps: the first page of each of these lessons.
const SHOT_LESSONS = ['02-', '04-'];
const shotPages = (pages) => SHOT_LESSONS.map((prefix) => pages.find((p) => p.startsWith(prefix))).filter(Boolean);

/** The pages of SUMMARY.md, in order, as the .html files mdBook writes. */
export function summaryPages(src) {
  const summary = readFileSync(join(src, 'SUMMARY.md'), 'utf8');
  const pages = [];
  for (const match of summary.matchAll(/\]\(([^)#\s]+)\.md\)/g)) pages.push(`${match[1]}.html`);
  if (pages.length === 0) throw new Error(`${join(src, 'SUMMARY.md')} lists no pages`);
  return pages;
}

/** Launches Debian's Chromium (Playwright's own download does not work here). */
export function launch() {
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(`no Chromium at ${executablePath}: apt-get install chromium, or set CHROMIUM=/path`);
  }
  const args = ['--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-dev-shm-usage'];
  // Chromium refuses to start its sandbox as root (CI containers run as root).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath, args, headless: true });
}

/**
 * Checks the book in `book` (built HTML) against the pages of `src`/SUMMARY.md.
 * Returns a list of problems: { page, kind, detail }. `only` limits the pages
 * visited (the search and link checks still know every page).
 */
export async function checkBook({ book, src, only = null, shots = null, log = () => {} }) {
  if (!existsSync(join(book, 'index.html'))) {
    throw new Error(`no built book in ${book}: run 'mdbook build docs' first`);
  }
  const pages = summaryPages(src);
  const visit = only ?? pages;
  const problems = [];
  const server = await serve(book);
  let browser;
  try {
    browser = await launch();
    // A phone loads the page at its own width (a fresh context: no sidebar
    // state carried over from the wide screen).
    const context = await browser.newContext({ viewport: WIDE });
    const phone = await browser.newContext({ viewport: PHONE });
    for (const page of visit) {
      log(`checking ${page}`);
      const found = await checkPage({ context, phone, base: server.url, book, shots: shots && { dir: shots, pages: shotPages(pages) }, lastPage: pages.at(-1) }, page);
      problems.push(...found.map((p) => ({ page, ...p })));
    }
    // Search words are picked against every page's text, visited or not.
    const texts = new Map(pages.map((page) => [page, textOf(join(book, page))]));
    problems.push(...(await checkSearch(context, server.url, visit, texts)));
  } finally {
    // Close on every path: no browser or server outlives the test.
    if (browser) await browser.close();
    await server.close();
  }
  return problems;
}

/**
 * Loads one page at both widths; returns its problems. `env`: the two browser
 * contexts, the server's base URL, the book's folder, where screenshots go,
 * and the sidebar's last page.
 */
async function checkPage({ context, phone, base, book, shots, lastPage }, name) {
  const problems = [];
  const tab = await context.newPage();
  const small = await phone.newPage();
  try {
    tab.on('console', (message) => {
      if (message.type() === 'error') problems.push({ kind: 'console', detail: message.text() });
    });
    tab.on('pageerror', (error) => problems.push({ kind: 'console', detail: `uncaught: ${error.message}` }));
    tab.on('requestfailed', (request) =>
      problems.push({ kind: 'request', detail: `${request.url()}: ${request.failure()?.errorText}` }));
    tab.on('response', (response) => {
      if (response.status() >= 400) problems.push({ kind: 'request', detail: `${response.url()}: HTTP ${response.status()}` });
    });
    const response = await tab.goto(base + name, { waitUntil: 'load' });
    if (!response || !response.ok()) {
      problems.push({ kind: 'missing', detail: `${name} did not load (is it in SUMMARY.md but not built?)` });
      return problems;
    }
    const main = await tab.evaluate(() => document.querySelector('main')?.innerText ?? '');
    if (main.includes('{{#include')) {
      const line = main.split('\n').find((l) => l.includes('{{#include'));
      problems.push({ kind: 'include', detail: `unresolved include left in the page: ${line.trim()}` });
    }
    problems.push(...(await checkLinks(tab, base, book, name)));
    problems.push(...(await checkImages(tab)));
    problems.push(...(await checkWidths(tab)));
    problems.push(...(await checkSidebar(tab, lastPage)));
    await settle(tab);
    problems.push(...(await checkCues(tab, 'at 1280 px')));
    problems.push(...(await checkOnThisPage(tab, 'at 1280 px')));
    problems.push(...(await checkMeasure(tab)));
    problems.push(...(await checkBreaks(tab, 'at 1280 px')));
    if (shots?.pages.includes(name)) await screenshot(tab, shots.dir, name, 'wide');
    await small.goto(base + name, { waitUntil: 'load' });
    await settle(small);
    problems.push(...(await checkPhone(small)));
    problems.push(...(await checkCues(small, 'at 390 px')));
    problems.push(...(await checkPhoneSizes(small)));
    problems.push(...(await checkBreaks(small, 'at 390 px')));
    if (shots?.pages.includes(name)) await screenshot(small, shots.dir, name, 'phone');
    problems.push(...(await checkOnThisPage(small, 'at 390 px (sidebar opened)')));
  } finally {
    await tab.close();
    await small.close();
  }
  return problems;
}

async function screenshot(tab, dir, name, label) {
  mkdirSync(dir, { recursive: true });
  await tab.screenshot({ path: join(dir, `${name.replace('.html', '').replaceAll('/', '-')}-${label}.png`) });
}

/** Waits for fonts and images, then for the theme's script to fit and mark the page. */
async function settle(tab) {
  await tab.evaluate(async () => {
    await document.fonts?.ready;
    await Promise.all([...document.images].map((img) => (img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; }))));
    window.dispatchEvent(new Event('resize'));
  });
  // workbook.js refits 100 ms after a resize.
  await tab.waitForTimeout(250);
}

/**
 * Run output, tables and figures fit their box, or the box that scrolls them
 * sideways shows a cue ("scroll →" from the theme's .wb-scrolls::before).
 */
async function checkCues(tab, where) {
  const found = await tab.evaluate(() => {
    const main = document.querySelector('main');
    const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1;
    const cue = (el) => {
      for (let box = el; box && box !== main.parentElement; box = box.parentElement) {
        const before = getComputedStyle(box, '::before');
        if (box.classList.contains('wb-scrolls') && before.content !== 'none' && before.display !== 'none') return true;
      }
      return false;
    };
    const out = [];
    const things = [
      ...[...main.querySelectorAll('pre > code.language-text')].map((el) => ['run output', el]),
      ...[...main.querySelectorAll('table')].map((el) => ['table', el]),
      ...[...main.querySelectorAll('img')].map((el) => ['figure', el]),
    ];
    for (const [what, el] of things) {
      // The element itself, or the nearest box around it that scrolls sideways.
      let box = el;
      while (box && box !== main && !scrolls(box)) box = box.parentElement;
      if (!box || box === main) continue;
      if (!cue(box)) {
        const text = (el.innerText || el.getAttribute('src') || '').trim().split('\n')[0].slice(0, 50);
        out.push(`${what} "${text}" is ${box.scrollWidth} px wide in a ${box.clientWidth} px box that scrolls sideways with no cue: a reader does not know the rest is there`);
      }
    }
    return out;
  });
  return found.map((detail) => ({ kind: 'cue', detail: `${where}: ${detail}` }));
}

/** At 390 px figures keep readable labels (drawn at 75 % of their size or more) and run output's type is 5 px or more. */
async function checkPhoneSizes(tab) {
  const found = await tab.evaluate(() => {
    const main = document.querySelector('main');
    const out = [];
    for (const img of main.querySelectorAll('img')) {
      // Not loaded (reported elsewhere) or folded away in a <details>.
      if (!img.naturalWidth || !img.checkVisibility()) continue;
      const scale = img.getBoundingClientRect().width / img.naturalWidth;
      if (scale < 0.75) out.push(`figure ${img.getAttribute('src')} is drawn at ${Math.round(scale * 100)} % of its size (its labels shrink to about ${(11 * scale).toFixed(1)} px)`);
    }
    for (const code of main.querySelectorAll('pre > code.language-text')) {
      if (!code.checkVisibility()) continue;
      const size = parseFloat(getComputedStyle(code).fontSize);
      if (size < 5) out.push(`run output "${code.innerText.trim().split('\n')[0].slice(0, 40)}" is set in ${size} px type`);
    }
    return out;
  });
  return found.map((detail) => ({ kind: 'phone', detail: `at 390 px ${detail}` }));
}

/**
 * The sidebar's "on this page" list shows every heading (h2-h6) of the
 * page: each has an entry, none is folded away or clipped by a box inside
 * the sidebar that scrolls, and the whole list fits the sidebar's height.
 * On a phone the sidebar is opened first, as a reader would.
 */
async function checkOnThisPage(tab, where) {
  const found = await tab.evaluate(async () => {
    const main = document.querySelector('main');
    const headings = [...main.querySelectorAll('h2, h3, h4, h5, h6')];
    if (headings.length === 0) return [];
    const toggle = document.querySelector('#mdbook-sidebar-toggle-anchor');
    if (toggle && !document.documentElement.classList.contains('sidebar-visible')) {
      document.querySelector('#mdbook-sidebar-toggle')?.click();
      await new Promise((r) => setTimeout(r, 400));
    }
    const list = document.querySelector('#mdbook-sidebar .on-this-page');
    if (!list) return [`the page has ${headings.length} heading(s) but the sidebar has no "on this page" list`];
    const scrollbox = list.closest('.sidebar-scrollbox') ?? document.querySelector('#mdbook-sidebar');
    const out = [];
    const missing = [];
    const clipped = [];
    for (const h of headings) {
      const link = h.id ? list.querySelector(`a[href="#${CSS.escape(h.id)}"]`) : null;
      const text = h.textContent.trim().slice(0, 50);
      if (!link) {
        missing.push(text);
        continue;
      }
      if (!link.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) || link.getBoundingClientRect().height === 0) {
        out.push(`the entry for "${text}" is hidden (folded?)`);
        continue;
      }
      // Clipped by a box between it and the sidebar's own scroll box.
      for (let box = link.parentElement; box && box !== scrollbox; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowY !== 'visible' && box.scrollHeight > box.clientHeight + 1) {
          const a = box.getBoundingClientRect();
          const r = link.getBoundingClientRect();
          if (r.top < a.top - 1 || r.bottom > a.bottom + 1) clipped.push({ text, height: box.clientHeight });
          break;
        }
      }
    }
    if (clipped.length) out.push(`${clipped.length} of ${headings.length} entries are cut off by a ${clipped[0].height} px box that scrolls (and says nothing): ${clipped.slice(0, 3).map((c) => `"${c.text}"`).join(', ')}`);
    if (missing.length) out.push(`${missing.length} of ${headings.length} heading(s) have no entry: ${missing.slice(0, 4).map((t) => `"${t}"`).join(', ')}`);
    const height = list.getBoundingClientRect().height;
    if (height > scrollbox.clientHeight + 1) out.push(`the list is ${Math.round(height)} px tall, more than the sidebar's ${scrollbox.clientHeight} px: its last headings are never seen with its first`);
    return out;
  });
  return found.map((detail) => ({ kind: 'on-this-page', detail: `${where}: ${detail}` }));
}

/**
 * Inline code that spans two lines breaks only at a space or between two
 * text nodes (a <wbr> of the theme, or a highlighted token's edge); a
 * number cell of a table (marked .wb-num) sits on one line.
 */
async function checkBreaks(tab, where) {
  const found = await tab.evaluate(() => {
    const main = document.querySelector('main');
    const out = [];
    const top = (node, i) => {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      return rect ? rect.top : null;
    };
    for (const code of main.querySelectorAll(':not(pre) > code')) {
      if (code.getClientRects().length < 2 && code.getBoundingClientRect().height < 1.9 * parseFloat(getComputedStyle(code).lineHeight || '20')) continue;
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        let last = null;
        for (let i = 0; i < node.length; i++) {
          const t = top(node, i);
          if (t === null) continue;
          if (last !== null && t > last + 2 && !/\s/.test(node.data[i - 1]) && !/\s/.test(node.data[i])) {
            out.push(`inline code "${code.textContent.slice(0, 60)}" breaks inside a word: "${node.data.slice(Math.max(0, i - 12), i)}|${node.data.slice(i, i + 12)}"`);
            break;
          }
          last = t;
        }
      }
    }
    for (const cell of main.querySelectorAll('td.wb-num')) {
      if (!cell.checkVisibility()) continue;
      // The lines its text occupies (text nodes only: the cell's own box has another top).
      const tops = new Set();
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.data.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top + r.height / 2));
      }
      if (tops.size > 1) out.push(`the number "${cell.textContent.trim()}" wraps onto ${tops.size} lines in its cell`);
    }
    return out;
  });
  return found.map((detail) => ({ kind: 'break', detail: `${where}: ${detail}` }));
}

/**
 * At 1280 px a full line of prose (a paragraph's lines but its last, in up
 * to 8 paragraphs of three lines or more) holds at most 82 characters
 * (median): 65-80 reads best.
 */
async function checkMeasure(tab) {
  const median = await tab.evaluate(() => {
    const lengths = [];
    let sampled = 0;
    for (const p of document.querySelectorAll('main p')) {
      if (sampled >= 8) break;
      if (p.closest('table, pre, li, details')) continue;
      const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
      if (!(p.getBoundingClientRect().height >= 2.5 * lineHeight)) continue;
      sampled++;
      const lines = new Map();
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          const line = Math.round(rect.bottom / (lineHeight / 2));
          lines.set(line, (lines.get(line) ?? 0) + 1);
        }
      }
      const counts = [...lines.values()];
      counts.pop();
      lengths.push(...counts.filter((n) => n > 20));
    }
    lengths.sort((a, b) => a - b);
    return lengths.length ? lengths[lengths.length >> 1] : 0;
  });
  if (median <= 82) return [];
  return [{ kind: 'measure', detail: `at 1280 px a full line of prose holds ${median} characters (median; 65-80 reads best): the prose column is too wide` }];
}

/** Every link within the book goes to a page that exists and, with #x, to an element with id x. */
async function checkLinks(tab, base, book, name) {
  const links = await tab.evaluate(() =>
    [...document.querySelectorAll('a[href]')].map((a) => ({ href: a.href, text: a.innerText.trim().slice(0, 40) })));
  const problems = [];
  for (const { href, text } of links) {
    if (!href.startsWith(base)) continue; // other sites: not reachable here, not ours to check
    const url = new URL(href);
    const path = decodeURIComponent(url.pathname).replace(/^\//, '') || 'index.html';
    const file = join(book, path.endsWith('/') ? `${path}index.html` : path);
    if (!existsSync(file)) {
      problems.push({ kind: 'link', detail: `link "${text}" -> ${path}: no such page in the book` });
      continue;
    }
    if (url.hash.length > 1 && file.endsWith('.html')) {
      const id = decodeURIComponent(url.hash.slice(1));
      if (!idsOf(file).has(id)) problems.push({ kind: 'anchor', detail: `link "${text}" -> ${path}#${id}: no such anchor` });
    }
  }
  return problems;
}

const ids = new Map();
function idsOf(file) {
  if (!ids.has(file)) {
    const html = readFileSync(file, 'utf8');
    ids.set(file, new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => m[1])));
  }
  return ids.get(file);
}

/** Every image in the text loads and says what it shows. */
async function checkImages(tab) {
  const images = await tab.evaluate(async () => {
    const all = [...document.querySelectorAll('main img')];
    // Lazy or slow images: wait for each to finish, loaded or not.
    await Promise.all(all.map((img) => (img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; }))));
    return all.map((img) => ({ src: img.getAttribute('src'), width: img.naturalWidth, alt: (img.getAttribute('alt') ?? '').trim() }));
  });
  const problems = [];
  for (const { src, width, alt } of images) {
    if (width === 0) problems.push({ kind: 'image', detail: `image ${src} did not load` });
    if (!alt) problems.push({ kind: 'alt', detail: `image ${src} has no alt text saying what it shows` });
  }
  return problems;
}

/**
 * At 1280 x 900 px the sidebar shows its last entry (the Reference) without
 * scrolling, whichever chapter is open and has its headings listed.
 */
async function checkSidebar(tab, lastPage) {
  const where = await tab.evaluate((last) => {
    const link = [...document.querySelectorAll('#mdbook-sidebar a')].find((a) => a.getAttribute('href')?.endsWith(last));
    if (!link) return { missing: true };
    const box = document.querySelector('#mdbook-sidebar').getBoundingClientRect();
    const rect = link.getBoundingClientRect();
    return { bottom: Math.round(rect.bottom), top: Math.round(rect.top), seen: rect.top >= box.top && rect.bottom <= Math.min(box.bottom, window.innerHeight) };
  }, lastPage);
  if (where.missing) return [{ kind: 'sidebar', detail: `the sidebar has no link to ${lastPage}` }];
  if (where.seen) return [];
  return [{ kind: 'sidebar', detail: `the sidebar's last entry (${lastPage}) is off screen at 1280 x 900 (at y = ${where.top} px): a reader must scroll the sidebar to reach it` }];
}

/** At 1280 px, tables, images and run output fit the content column. */
async function checkWidths(tab) {
  const wide = await tab.evaluate(() => {
    const main = document.querySelector('main');
    const column = main.clientWidth;
    const left = main.getBoundingClientRect().left;
    const out = [];
    const describe = (el) => (el.innerText || el.getAttribute('src') || '').trim().split('\n')[0].slice(0, 60);
    const check = (el, what) => {
      // Wider than the column, or cut off inside its own scroll box.
      const width = Math.max(el.scrollWidth, el.getBoundingClientRect().width);
      const shown = Math.min(column, el.clientWidth || column);
      const right = el.getBoundingClientRect().left - left + width;
      if (width > shown + 1 || right > column + 1) out.push({ what, width: Math.round(width), column, first: describe(el) });
    };
    for (const table of main.querySelectorAll('table')) check(table, 'table');
    for (const img of main.querySelectorAll('img')) check(img, 'image');
    // mdBook scrolls a code block inside its <code>: check both it and the <pre>.
    for (const code of main.querySelectorAll('pre > code.language-text')) {
      const before = out.length;
      check(code, 'run output');
      if (out.length === before) check(code.parentElement, 'run output');
    }
    return out;
  });
  return wide.map(({ what, width, column, first }) => ({
    kind: 'width',
    detail: `${what} is ${width} px wide in a ${column} px column (at 1280 px): "${first}"`,
  }));
}

/**
 * At 390 px nothing is wider than the screen: the page does not scroll
 * sideways, and nothing sticks out past the right edge (mdBook clips sideways
 * overflow, so what sticks out is simply cut off). Blocks that scroll inside
 * themselves (code, wide tables in their wrapper) are fine.
 */
async function checkPhone(tab) {
  const result = await tab.evaluate(() => {
    const view = window.innerWidth;
    const page = document.documentElement.scrollWidth;
    const main = document.querySelector('main');
    const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const culprits = [];
    for (const el of main.querySelectorAll('*')) {
      if (el.getBoundingClientRect().right <= view + 1) continue;
      // Inside a box that scrolls sideways and itself fits: readable by scrolling it.
      let box = el.parentElement;
      while (box && box !== main && !scrolls(box)) box = box.parentElement;
      if (box && box !== main && box.getBoundingClientRect().right <= view + 1) continue;
      if (scrolls(el) && el.getBoundingClientRect().width <= view) continue;
      // Report the outermost element that sticks out, not each of its children.
      if (culprits.some((c) => c.el.contains(el))) continue;
      const text = (el.innerText || el.getAttribute('src') || '').trim().split('\n')[0].slice(0, 40);
      culprits.push({ el, line: `${el.tagName.toLowerCase()} "${text}" (right edge at ${Math.round(el.getBoundingClientRect().right)} px)` });
    }
    if (page <= view + 1 && culprits.length === 0) return null;
    return { page, view, culprits: culprits.slice(0, 3).map((c) => c.line), count: culprits.length };
  });
  if (!result) return [];
  const scrolls = result.page > result.view + 1 ? `the page is ${result.page} px wide and scrolls sideways; ` : '';
  return [{
    kind: 'phone',
    detail: `at ${result.view} px ${scrolls}${result.count} element(s) stick out past the screen's edge, cut off: ${result.culprits.join('; ')}`,
  }];
}

/** The text of a built page's <main>, tags dropped (for picking search words). */
function textOf(file) {
  if (!existsSync(file)) return '';
  const html = readFileSync(file, 'utf8');
  const main = html.slice(html.indexOf('<main>'), html.indexOf('</main>'));
  const entities = { lt: '<', gt: '>', amp: '&', quot: '"' };
  return main.replace(/<[^>]*>/g, ' ').replace(/&([a-z]+);/g, (_, e) => entities[e] ?? ' ');
}

/** A word from the body of `name` that no other page has (else its most frequent long word). */
export function searchWord(name, texts) {
  // mdBook's index splits text at whitespace and hyphens only: a word
  // glued to punctuation (`BufReader<ChildStdout>`) is not a search term.
  const words = (text) => text.toLowerCase().split(/[\s-]+/).filter((t) => /^[a-z]{7,}$/.test(t));
  const counts = new Map();
  for (const word of words(texts.get(name))) counts.set(word, (counts.get(word) ?? 0) + 1);
  const elsewhere = new Set();
  for (const [other, text] of texts) if (other !== name) for (const word of words(text)) elsewhere.add(word);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return (ranked.find(([word]) => !elsewhere.has(word)) ?? ranked[0] ?? [null])[0];
}

/** The search box finds each visited page by a word of its body. */
async function checkSearch(context, base, visit, texts) {
  const problems = [];
  const tab = await context.newPage();
  try {
    await tab.goto(base + 'index.html', { waitUntil: 'load' });
    for (const name of visit) {
      const word = searchWord(name, texts);
      if (!word) {
        problems.push({ page: name, kind: 'search', detail: 'no word of seven letters or more in its body to search for' });
        continue;
      }
      const hits = await search(tab, word);
      if (!hits.some((href) => new URL(href).pathname.endsWith(`/${name}`))) {
        problems.push({ page: name, kind: 'search', detail: `searching "${word}" (a word of its body) does not list it: got ${hits.slice(0, 3).join(', ') || 'nothing'}` });
      }
    }
  } finally {
    await tab.close();
  }
  return problems;
}

/** Types `word` into mdBook's search box; returns the links it lists. */
async function search(tab, word) {
  const bar = tab.locator('#mdbook-searchbar');
  if (!(await bar.isVisible())) await tab.keyboard.press('s');
  // Typed key by key as a reader would: mdBook searches on key-up events.
  await bar.fill('');
  await bar.pressSequentially(word);
  // Wait for the results of *this* word: mdBook marks each result link with
  // ?highlight=<word>, and the list still shows the previous word's at first.
  try {
    await tab.waitForFunction(
      (w) => [...document.querySelectorAll('#mdbook-searchresults a')]
        .some((a) => new URL(a.href).searchParams.get('highlight') === w),
      word,
      { timeout: 5000 },
    );
  } catch {
    return [];
  }
  return tab.locator('#mdbook-searchresults a').evaluateAll((as) => as.map((a) => a.href));
}

/** Prints problems grouped by page; returns the count. */
export function report(problems) {
  const byPage = new Map();
  for (const p of problems) byPage.set(p.page, [...(byPage.get(p.page) ?? []), p]);
  for (const [page, list] of byPage) {
    console.log(`\n${page}: ${list.length} problem(s)`);
    for (const { kind, detail } of list) console.log(`  [${kind}] ${detail}`);
  }
  return problems.length;
}

function parseArgs(argv) {
  const options = { book: join(ROOT, 'docs/book'), src: join(ROOT, 'docs/src'), only: null };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--book' && value) options.book = resolve(argv[++i]);
    else if (argv[i] === '--src' && value) options.src = resolve(argv[++i]);
    else if (argv[i] === '--page' && value) (options.only ??= []).push(argv[++i]);
    else throw new Error(`unknown argument '${argv[i]}' (usage: check.mjs [--book DIR] [--src DIR] [--page NAME.html ...])`);
  }
  return options;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    const shots = join(ROOT, 'target/browser');
    const problems = await checkBook({ ...options, shots, log: (line) => console.log(line) });
    const count = report(problems);
    console.log(count === 0 ? '\nbrowser check: every page passed' : `\nbrowser check: ${count} problem(s)`);
    console.log(`screenshots: ${shots}`);
    process.exitCode = count === 0 ? 0 : 1;
  } catch (error) {
    console.error(`browser check: ${error.message}`);
    process.exitCode = 2;
  }
}
