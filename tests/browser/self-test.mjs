// The browser check must fail on a broken page: this test breaks one on purpose.
//
// It copies the built book to a temporary folder, breaks the first chapter of
// SUMMARY.md in the ways a reader would notice (a link to a page that does not
// exist, a link to a missing #anchor, an image that does not load and has no
// alt text, a run-output block wider than the column, a box that makes a
// phone scroll sideways, an {{#include}} mdBook left unresolved, a table that
// scrolls with no cue, a figure squeezed on a phone, a heading missing from
// the "on this page" list, a list capped in height, an identifier broken
// mid-word, a number cell that wraps, prose as wide as the column), runs the checker on that page alone, and requires it to
// report every one of them. A checker that passes this broken page is broken.
//
// Usage: node tests/browser/self-test.mjs   (after `mdbook build docs`)
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBook, report, summaryPages } from './check.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SRC = join(ROOT, 'docs/src');
const BOOK = join(ROOT, 'docs/book');

// What we break, and the words the checker's report must contain for each.
const BREAKAGES = [
  { kind: 'link', html: '<p><a href="no-such-page.html">a broken link</a></p>', expect: 'no-such-page.html' },
  { kind: 'anchor', html: '<p><a href="#no-such-anchor">a missing anchor</a></p>', expect: 'no-such-anchor' },
  { kind: 'image', html: '<p><img src="figures/no-such-figure.svg"></p>', expect: 'no-such-figure.svg' },
  { kind: 'alt', html: '', expect: 'no-such-figure.svg' },
  { kind: 'width', html: `<pre><code class="language-text">${'x'.repeat(160)}</code></pre>`, expect: 'x'.repeat(40) },
  { kind: 'phone', html: '<div style="width: 900px">a fixed-width box</div>', expect: 'a fixed-width box' },
  { kind: 'include', html: '<p>{{#include runs/01-timing/demo.txt:p9}}</p>', expect: '{{#include' },
  // A wide table in a box that scrolls with no cue.
  { kind: 'cue', html: '<div style="overflow-x: auto"><table><tr><td style="min-width: 1400px">a table with no cue</td></tr></table></div>', expect: 'a table with no cue' },
  // A figure squeezed on a phone (FIGURE: the book's first figure).
  { kind: 'phone', html: '<p><img src="/figures/FIGURE" alt="a squeezed figure" style="width: 120px !important"></p>', expect: 'FIGURE' },
  // A heading the "on this page" list cannot know (it lists headings with an anchor link), and a list capped in height.
  { kind: 'on-this-page', html: '<h2 id="wb-unlisted">An unlisted heading</h2>', expect: 'An unlisted heading' },
  // An identifier broken mid-word (the theme adds no <wbr> to code with markup inside).
  { kind: 'break', html: '<p style="width: 90px"><code style="overflow-wrap: anywhere"><span>Durationfrommillisandmore</span></code></p>', expect: 'Durationfrommillisandmore' },
  // A number cell that wraps.
  { kind: 'break', html: '<table style="width: 60px !important"><tbody><tr><td class="wb-num" style="white-space: normal !important">7.5&nbsp;GB/s 8.3&nbsp;GB/s</td></tr></tbody></table>', expect: '7.5' },
  // Prose across the whole column again.
  { kind: 'measure', html: '<style>main > p { max-width: none !important; }</style>', expect: 'too wide' },
  { kind: 'on-this-page', html: '<style>.sidebar .on-this-page { max-height: 8px !important; overflow-y: auto !important; }</style>', expect: 'cut off' },
];

async function main() {
  const page = summaryPages(SRC).find((name) => /^\d\d-/.test(name));
  if (!page) throw new Error('SUMMARY.md lists no chapter NN-*.md to break');
  const copy = mkdtempSync(join(tmpdir(), 'workbook-broken-'));
  try {
    cpSync(BOOK, copy, { recursive: true });
    const file = join(copy, page);
    const html = readFileSync(file, 'utf8');
    const figure = readdirSync(join(copy, 'figures')).find((f) => f.endsWith('.svg'));
    if (!figure) throw new Error('the book has no figures/*.svg to squeeze');
    for (const b of BREAKAGES) {
      b.html = b.html.replaceAll('FIGURE', figure);
      b.expect = b.expect.replaceAll('FIGURE', figure);
    }
    const broken = BREAKAGES.map((b) => b.html).join('\n');
    if (!html.includes('</main>')) throw new Error(`${page} has no </main>: is this an mdBook page?`);
    writeFileSync(file, html.replace('</main>', `${broken}\n</main>`));

    const problems = await checkBook({ book: copy, src: SRC, only: [page] });
    report(problems);
    const missed = BREAKAGES.filter(({ kind, expect }) =>
      !problems.some((p) => p.kind === kind && p.detail.includes(expect)));
    if (missed.length > 0) {
      console.error(`\nself-test FAILED: the checker missed ${missed.map((m) => m.kind).join(', ')} on the broken ${page}`);
      return 1;
    }
    console.log(`\nself-test passed: the checker caught all ${BREAKAGES.length} breakages of ${page}`);
    return 0;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`self-test: ${error.message}`);
  process.exitCode = 2;
}
