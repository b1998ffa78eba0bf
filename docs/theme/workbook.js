// The workbook's additions to mdBook's pages (issue 23), for what CSS alone
// cannot do; docs/theme/workbook.css has the styles, tests/browser/check.mjs
// checks the result at 1280 and 390 px.
//  - Run output (```text) keeps its columns: where the column is narrower
//    than its longest line (a phone), its type shrinks until every line fits,
//    so a timeline is seen whole instead of half cut off.
//  - Long inline names may break only after `::` or `.`, never mid-word.
//  - Number columns of tables are marked (right-aligned, unwrapped).
//  - Figures sit in a box that may scroll on a phone, and open alone on a tap.
//  - Every box that scrolls sideways is marked, so that the CSS shows a cue.
(function () {
    'use strict';

    // A number, perhaps with a sign, a unit or a multiplier ("7.5 GB/s",
    // "1.66×", "~0.2 s", "12 %"), or a few of them ("315 ms, 1.66 GB/s").
    const ONE = String.raw`[~≈<>≤≥±+\-−]?\s*\d[\d.,_']*\s*(?:[×x%]|[a-zA-Zµ]{1,5}(?:\/[a-zA-Z]{1,4})?)?(?:\s*[×x%])?`;
    const NUMBER = new RegExp(`^${ONE}(?:\\s*[,/–]\\s*${ONE})*$`);

    function markNumberColumns(table) {
        const rows = [...table.querySelectorAll('tbody tr')];
        if (rows.length === 0) return;
        const columns = Math.max(...rows.map((r) => r.cells.length));
        for (let c = 0; c < columns; c++) {
            const cells = rows.map((r) => r.cells[c]).filter((cell) => cell && cell.textContent.trim() !== '');
            const numeric = cells.filter((cell) => NUMBER.test(cell.textContent.trim()));
            // A column of numbers (a stray "—" or "n/a" allowed).
            if (numeric.length === 0 || numeric.length < 0.6 * cells.length) continue;
            for (const cell of numeric) cell.classList.add('wb-num');
            const head = table.querySelector('thead tr')?.cells[c];
            if (head) head.classList.add('wb-num');
        }
    }

    // Inline code breaks only at a space, or after a `::`, `.`, `_` or `/`
    // (or before a `(`) of a long name: `Duration::from_millis` may break
    // after `::`, `a_grandchild_with_a_lifeline` between its words, but
    // never inside a word, nor at a hyphen (`--|json`, `bench-|peers`).
    // Each piece is a span that does not wrap; a <wbr> sits between pieces.
    function breakNames(code) {
        if (code.children.length > 0) return;
        const text = code.textContent;
        if (!/[^A-Za-z0-9\s]/.test(text)) return;
        code.textContent = '';
        for (const token of text.split(/(\s+)/)) {
            if (token === '') continue;
            if (/^\s+$/.test(token)) {
                code.append(token);
                continue;
            }
            const pieces = token.length < 16 ? [token] : token.split(/(?<=::|\.|[a-z0-9]_|\/)(?=[A-Za-z_0-9])|(?=\()/);
            pieces.forEach((piece, i) => {
                if (i > 0) code.append(document.createElement('wbr'));
                const span = document.createElement('span');
                span.className = 'wb-nw';
                span.textContent = piece;
                code.append(span);
            });
        }
    }

    function wrapFigure(img) {
        if (img.closest('.wb-figure-box')) return;
        const box = document.createElement('span');
        box.className = 'wb-figure-box';
        box.style.display = 'block';
        const link = document.createElement('a');
        link.href = img.getAttribute('src');
        link.title = 'Open the figure alone (full size)';
        img.replaceWith(box);
        link.append(img);
        box.append(link);
        const natural = () => { if (img.naturalWidth) box.style.setProperty('--wb-natural-width', `${img.naturalWidth}px`); };
        if (img.complete) natural(); else img.addEventListener('load', () => { natural(); fit(); });
    }

    // Shrinks a run-output block's type until its longest line fits the block.
    function fitRun(code) {
        code.style.fontSize = '';
        const pre = code.parentElement;
        pre.classList.remove('wb-fitted');
        // Tapped: the reader wants it at full size (it scrolls, with the cue).
        if (pre.classList.contains('wb-full')) return;
        const style = getComputedStyle(code);
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        const room = code.clientWidth - padding;
        const longest = Math.max(...code.textContent.split('\n').map((l) => [...l].length));
        // Runs are captured at 88 columns: a longer line is a capture to fix,
        // and its block scrolls (with the cue) rather than shrink to nothing.
        if (longest === 0 || longest > 100 || room <= 0) return;
        const size = parseFloat(style.fontSize);
        const charWidth = charWidthOf(code, size);
        if (longest * charWidth <= room + 0.5) return;
        // Floor at 5 px: beyond that the block scrolls (with the cue) instead.
        const fitted = Math.max(5, Math.floor((room / longest / (charWidth / size)) * 20) / 20);
        code.style.fontSize = `${fitted}px`;
        pre.classList.add('wb-fitted');
        if (!pre.dataset.wbTap) {
            pre.dataset.wbTap = '1';
            pre.addEventListener('click', () => {
                // A tap toggles between the whole picture and full-size type.
                if (!pre.classList.contains('wb-fitted') && !pre.classList.contains('wb-full')) return;
                pre.classList.toggle('wb-full');
                fit();
            });
        }
    }

    const widths = new Map();
    function charWidthOf(code, size) {
        const family = getComputedStyle(code).fontFamily;
        const key = `${family}|${size}`;
        if (!widths.has(key)) {
            const probe = document.createElement('span');
            probe.style.cssText = `font: ${size}px ${family}; white-space: pre; position: absolute; visibility: hidden`;
            probe.textContent = 'x'.repeat(100);
            document.body.append(probe);
            widths.set(key, probe.getBoundingClientRect().width / 100);
            probe.remove();
        }
        return widths.get(key);
    }

    // Marks every box of the page that scrolls sideways (and whose cue is not yet shown).
    function markScrollers(main) {
        const boxes = main.querySelectorAll('pre, pre > code, .table-wrapper, .wb-figure-box');
        for (const box of boxes) {
            const scrolls = box.scrollWidth > box.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
            box.classList.toggle('wb-scroll-cue', scrolls);
            // The label goes on the block (a <pre> for code, the wrapper for a table).
            const holder = box.tagName === 'CODE' ? box.parentElement : box;
            if (scrolls) holder.classList.add('wb-scrolls');
            else if (box.tagName !== 'CODE' && !box.querySelector(':scope > code.wb-scroll-cue')) holder.classList.remove('wb-scrolls');
        }
    }

    // Labels each cell with its column's name, for the reflowed (phone) layout.
    function labelCells(table) {
        const heads = [...(table.querySelector('thead tr')?.cells ?? [])].map((th) => th.textContent.trim());
        for (const row of table.querySelectorAll('tbody tr')) {
            [...row.cells].forEach((cell, i) => { if (heads[i]) cell.dataset.label = heads[i]; });
        }
    }

    // On a narrow screen a table of words wider than its column reflows into cards.
    function reflowTables(main) {
        for (const table of main.querySelectorAll('table')) {
            table.classList.remove('wb-reflow');
            if (window.innerWidth > 700 || table.querySelector('.wb-num')) continue;
            const box = table.parentElement;
            if (box.scrollWidth > box.clientWidth + 1) table.classList.add('wb-reflow');
        }
    }

    function fit() {
        const main = document.querySelector('main');
        if (!main) return;
        reflowTables(main);
        for (const code of main.querySelectorAll('pre > code.language-text:not(.wrap)')) fitRun(code);
        markScrollers(main);
    }

    function start() {
        const main = document.querySelector('main');
        if (!main) return;
        for (const table of main.querySelectorAll('table')) {
            markNumberColumns(table);
            labelCells(table);
        }
        for (const code of main.querySelectorAll(':not(pre) > code')) breakNames(code);
        for (const img of main.querySelectorAll('img')) wrapFigure(img);
        fit();
        document.fonts?.ready.then(fit);
        let pending = null;
        window.addEventListener('resize', () => {
            clearTimeout(pending);
            pending = setTimeout(fit, 100);
        });
        document.documentElement.classList.add('wb-ready');
    }

    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
    else start();
})();
