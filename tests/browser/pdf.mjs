// Prints the book (docs/book/print.html) to docs/book/workbook.pdf (issue 23):
// a title page, a table of contents with page numbers, a page number on
// every page (Chromium's footer template) and bookmarks (Chromium's document
// outline, one per heading). Run output and code print unwrapped in smaller
// type (docs/theme/workbook.css, @media print).
//
// The contents' page numbers come from a first print: its outline says on
// which page each chapter's heading landed. The second print is identical
// but for those numbers (the contents keep their size: every number is
// reserved as "000" in the first), so the pages do not move.
//
// Then it checks the PDF: it has an outline with an entry per chapter, and
// a sane page count (more pages than chapters, fewer than 40 a chapter).
//
// Usage: node tests/browser/pdf.mjs [--book DIR] [--out FILE]   (after mdbook build docs)
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './check.mjs';
import { serve } from './serve.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const PDF_OPTIONS = {
  format: 'A4',
  printBackground: true,
  outline: true,
  tagged: true,
  displayHeaderFooter: true,
  headerTemplate: '<span></span>',
  footerTemplate:
    '<div style="font: 8px sans-serif; width: 100%; text-align: center; color: #555">' +
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>',
  margin: { top: '16mm', bottom: '16mm', left: '16mm', right: '16mm' },
};

/** The book's title and authors, from docs/book.toml. */
function bookInfo() {
  const toml = readFileSync(join(ROOT, 'docs/book.toml'), 'utf8');
  const title = toml.match(/^title\s*=\s*"([^"]*)"/m)?.[1] ?? 'The book';
  const authors = toml.match(/^authors\s*=\s*\[([^\]]*)\]/m)?.[1]?.match(/"[^"]*"/g)?.map((a) => a.slice(1, -1)) ?? [];
  return { title, authors };
}

/**
 * Adds the title page and the contents to print.html's page; returns the
 * chapters' titles (the h1 headings, in order). `numbers`: page per chapter.
 */
async function addFrontMatter(tab, { title, authors }, numbers) {
  return tab.evaluate(({ title, authors, numbers }) => {
    const main = document.querySelector('main');
    document.querySelector('#wb-front')?.remove();
    const chapters = [...main.querySelectorAll('h1')];
    const front = document.createElement('div');
    front.id = 'wb-front';
    // Not headings: the outline (bookmarks) lists only the book's own.
    const cover = document.createElement('div');
    cover.className = 'wb-title-page';
    cover.innerHTML = '<div class="wb-title"></div><div class="wb-authors"></div><div class="wb-date"></div>';
    cover.querySelector('.wb-title').textContent = title;
    cover.querySelector('.wb-authors').textContent = authors.join(', ');
    cover.querySelector('.wb-date').textContent = `Printed ${new Date().toISOString().slice(0, 10)}`;
    const contents = document.createElement('div');
    contents.className = 'wb-contents';
    contents.innerHTML = '<div class="wb-contents-title">Contents</div><ol></ol>';
    // A page's depth in the book (a lesson's pages sit under it), from the
    // sidebar, when it lists one page per h1 heading.
    const depths = [...document.querySelectorAll('#mdbook-sidebar a[href]')]
      .filter((a) => !a.getAttribute('href').startsWith('#'))
      .map((a) => { let d = 0; for (let e = a; e; e = e.parentElement) if (e.tagName === 'OL') d++; return d; });
    const nested = depths.length === chapters.length;
    chapters.forEach((h1, i) => {
      const li = document.createElement('li');
      if (nested && depths[i] > 1) li.className = `wb-depth-${Math.min(depths[i], 3)}`;
      const a = document.createElement('a');
      a.href = `#${h1.id}`;
      a.textContent = h1.textContent.trim();
      const page = document.createElement('span');
      page.className = 'wb-page';
      page.textContent = numbers ? String(numbers[i]) : '000';
      li.append(a, page);
      contents.querySelector('ol').append(li);
    });
    front.append(cover, contents);
    main.prepend(front);
    return chapters.map((h) => h.textContent.trim());
  }, { title, authors, numbers });
}

// ---- A small reader of Chromium's PDF: its page tree and outline. ----

/** Every `N 0 obj … endobj` of the file, by number (Chromium writes them uncompressed). */
function objects(pdf) {
  const text = pdf.toString('latin1');
  const map = new Map();
  for (const m of text.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) map.set(Number(m[1]), m[2]);
  return map;
}
const ref = (dict, key) => {
  const m = dict?.match(new RegExp(`/${key}\\s+(\\d+) 0 R`));
  return m ? Number(m[1]) : null;
};

/** The page objects' numbers, in reading order (walks /Pages /Kids). */
function pageOrder(objs) {
  const catalog = [...objs.values()].find((d) => /\/Type\s*\/Catalog/.test(d));
  const pages = [];
  const walk = (n) => {
    const d = objs.get(n) ?? '';
    if (/\/Type\s*\/Pages/.test(d)) {
      const kids = d.match(/\/Kids\s*\[([^\]]*)\]/)?.[1] ?? '';
      for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    } else pages.push(n);
  };
  walk(ref(catalog, 'Pages'));
  return { pages, outlines: ref(catalog, 'Outlines') };
}

/** A PDF text string, (literal) or <hex UTF-16>. */
function pdfString(raw) {
  if (raw.startsWith('<')) {
    const hex = raw.slice(1, -1).replace(/\s/g, '');
    const bytes = Buffer.from(hex, 'hex');
    if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
      return s;
    }
    return bytes.toString('latin1');
  }
  return raw.slice(1, -1).replace(/\\([()\\])/g, '$1');
}

/** The outline as a tree: [{ title, page (1-based), children }]. */
export function readPdf(pdf) {
  const objs = objects(pdf);
  const { pages, outlines } = pageOrder(objs);
  const items = (first) => {
    const out = [];
    for (let n = first; n != null; n = ref(objs.get(n), 'Next')) {
      const d = objs.get(n) ?? '';
      const title = d.match(/\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)/)?.[1];
      const dest = d.match(/\/Dest\s*\[\s*(\d+) 0 R/)?.[1];
      out.push({ title: title ? pdfString(title) : '', page: dest ? pages.indexOf(Number(dest)) + 1 : 0, children: items(ref(d, 'First')) });
      if (out.length > 100000) break;
    }
    return out;
  };
  const outline = outlines ? items(ref(objs.get(outlines), 'First')) : [];
  return { pageCount: pages.length, outline, hasOutlines: outlines != null };
}

/**
 * The page of each chapter (its h1), from the outline's top level: matched
 * by title, in order (Chromium drops spaces at line breaks and shortens long
 * titles with "…"; mdBook's menu bar adds the book's title first).
 */
function chapterPages(outline, chapters) {
  const squash = (t) => t.replace(/\s+/g, '');
  let at = 0;
  return chapters.map((title) => {
    const want = squash(title);
    const found = outline.slice(at).findIndex((item) => {
      const got = squash(item.title);
      return got === want || (got.endsWith('…') && want.startsWith(got.slice(0, -1)));
    });
    if (found < 0) throw new Error(`chapter "${title}" has no bookmark in the first print's outline: cannot number the contents`);
    at += found + 1;
    return outline[at - 1].page;
  });
}

const flat = (tree) => tree.flatMap((item) => [item, ...flat(item.children)]);

async function main() {
  const args = process.argv.slice(2);
  const book = resolve(args[args.indexOf('--book') + 1] && args.includes('--book') ? args[args.indexOf('--book') + 1] : join(ROOT, 'docs/book'));
  const out = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : join(book, 'workbook.pdf');
  if (!existsSync(join(book, 'print.html'))) throw new Error(`no ${join(book, 'print.html')}: run 'mdbook build docs' first`);
  const info = bookInfo();
  const server = await serve(book);
  let browser;
  try {
    browser = await launch();
    const tab = await browser.newPage();
    // mdBook's print page opens the print dialog once loaded: not here.
    await tab.addInitScript(() => { window.print = () => {}; });
    await tab.goto(server.url + 'print.html', { waitUntil: 'load' });
    await tab.evaluate(() => document.fonts.ready);
    const chapters = await addFrontMatter(tab, info, null);
    // On paper nothing scrolls: a code or run line wider than the page would
    // be cut off, so such a block gets smaller type until it fits; a block of
    // more than 45 lines may break across pages, a shorter one moves whole.
    await tab.emulateMedia({ media: 'print' });
    const cut = await tab.evaluate(() => {
      for (const code of document.querySelectorAll('main pre > code')) {
        if (code.textContent.split('\n').length > 45) code.parentElement.classList.add('wb-long');
        if (code.scrollWidth > code.clientWidth + 1) {
          const size = parseFloat(getComputedStyle(code).fontSize);
          code.style.setProperty('font-size', `${Math.floor(size * (code.clientWidth / code.scrollWidth) * 0.98 * 10) / 10}px`, 'important');
        }
      }
      return [...document.querySelectorAll('main pre > code')]
        .filter((code) => code.scrollWidth > code.clientWidth + 1)
        .map((code) => `${code.scrollWidth} px in ${code.clientWidth} px: "${code.innerText.split('\n').find((l) => l.length > 80)?.slice(0, 60) ?? ''}"`);
    });
    // Back to the default (page.pdf prints with print media unless told 'screen').
    await tab.emulateMedia({ media: null });
    const first = readPdf(await tab.pdf(PDF_OPTIONS));
    const numbers = chapterPages(first.outline, chapters);
    await addFrontMatter(tab, info, numbers);
    const pdf = await tab.pdf(PDF_OPTIONS);
    writeFileSync(out, pdf);
    const result = readPdf(pdf);
    const again = chapterPages(result.outline, chapters);
    const moved = again.findIndex((page, i) => page !== numbers[i]);
    const problems = cut.map((c) => `a code or run-output block is wider than the printed page, cut off: ${c}`);
    if (!result.hasOutlines) problems.push('the PDF has no /Outlines (bookmarks)');
    if (result.outline.length < chapters.length) problems.push(`the outline has ${result.outline.length} top-level entries for ${chapters.length} chapters`);
    if (moved >= 0) problems.push(`chapter "${chapters[moved]}" moved from page ${numbers[moved]} between the two prints: the contents' numbers are wrong`);
    if (result.pageCount < chapters.length + 2) problems.push(`${result.pageCount} pages for ${chapters.length} chapters, a title page and contents: the print went wrong`);
    if (result.pageCount > 40 * chapters.length) problems.push(`${result.pageCount} pages for ${chapters.length} chapters: something prints far too large`);
    if (numbers.some((n, i) => i > 0 && n < numbers[i - 1])) problems.push(`the chapters' pages are out of order: ${numbers.join(', ')}`);
    console.log(`${out}: ${result.pageCount} pages, ${chapters.length} chapters, ${flat(result.outline).length} bookmarks`);
    chapters.forEach((title, i) => console.log(`  p. ${String(numbers[i]).padStart(3)}  ${title}`));
    for (const p of problems) console.error(`pdf check: ${p}`);
    return problems.length === 0 ? 0 : 1;
  } finally {
    if (browser) await browser.close();
    await server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main();
  } catch (error) {
    console.error(`pdf: ${error.message}`);
    process.exitCode = 2;
  }
}
