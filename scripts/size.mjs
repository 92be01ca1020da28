#!/usr/bin/env node
// `npm run size [-- FILE] [--files] [--top N]`: where the bytes of a built bundle come from.
// Reads FILE (default dist/chatlet.iife.js) and its source map, gives every byte of the
// minified code to the source it came from, and prints per package (or per source file with
// --files) the raw bytes and what the group adds to the gzip -9 size: gzip(all) minus gzip(all
// without that group's bytes), with Node's zlib at level 9 like `npm run bench` (GNU `gzip -9`
// differs by a few hundred bytes). Those marginal figures are what removing the group would save;
// they add up to a little less than the total, as gzip shares what repeats. Run `npm run build`
// first. Measures only; the target lives in the README ("Tests and figures").
// Then, unless given a FILE or --no-pages, what the loader path (dist/chatlet-loader.js and the
// module it imports, dist/chatlet-embed.js, with its chunks) really fetches for a support
// visitor, a support room's visitor and an intranet page with the contact list: each page is
// loaded in Chromium against the project's Prosody and used until the chat works
// (bench/embed.mjs, `loaderPathFigures`).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const args = process.argv.slice(2);
const byFile = args.includes('--files');
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : Infinity;
const given = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--top');
const file = given ?? 'dist/chatlet.iife.js';

const code = readFileSync(file, 'utf8');
const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
const gzip = (text) => gzipSync(text, { level: 9 }).length;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The source-map "mappings" field as [generated column, source index or -1] per line. */
function decodeMappings(mappings) {
  const lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line ? line.split(',') : []) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) source += fields[1];
      segments.push([column, fields.length > 1 ? source : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

/** The group a source belongs to: its npm package, or its folder under src/. */
function groupOf(source) {
  if (source === undefined) return '(bundler runtime, banner)';
  const path = source.replace(/^(\.\.\/)+/, '');
  if (byFile) return path.replace(/.*node_modules\//, '');
  const pkg = path.match(/node_modules\/((@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const own = path.match(/^src\/(components\/[^/]+|[^/]+)/);
  return own ? `src/${own[1]}` : path;
}

// The code cut into runs that each come from one source.
const pieces = [];
const lines = code.split('\n');
decodeMappings(map.mappings).forEach((segments, n) => {
  const line = lines[n] ?? '';
  let start = 0;
  let group = groupOf(undefined);
  for (const [column, source] of segments) {
    pieces.push([group, line.slice(start, column)]);
    start = column;
    group = groupOf(source < 0 ? undefined : map.sources[source]);
  }
  pieces.push([group, `${line.slice(start)}\n`]);
});

const total = gzip(code);
const rows = [...new Set(pieces.map(([group]) => group))].map((group) => {
  const mine = pieces.filter(([g]) => g === group).map(([, text]) => text);
  const rest = pieces.filter(([g]) => g !== group).map(([, text]) => text);
  return {
    group,
    raw: Buffer.byteLength(mine.join('')),
    gzip: total - gzip(rest.join('')),
  };
});
rows.sort((a, b) => b.gzip - a.gzip);

const n = (x) => x.toLocaleString('en-US').padStart(9);
console.log(`${file}: ${n(Buffer.byteLength(code))} B raw, ${n(total)} B gzip (zlib level 9)\n`);
console.log(
  `${'raw B'.padStart(9)} ${'+gzip B'.padStart(9)}  ${byFile ? 'source file' : 'package'}`,
);
for (const row of rows.slice(0, top)) console.log(`${n(row.raw)} ${n(row.gzip)}  ${row.group}`);

if (!given && !args.includes('--no-pages')) {
  const { chromium } = await import('playwright');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('../demo/server/chromium.mjs');
  const { loaderPathFigures } = await import('../bench/embed.mjs');
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const pages = await loaderPathFigures(browser, new URL('..', import.meta.url).pathname);
    console.log(
      `\nThe loader path, from the first paint to the chat in use (JS + CSS, gzip -9 each):`,
    );
    const what = {
      supportAgent: 'a support visitor (data-support, an agent)',
      supportRoom: 'a support room visitor (data-support-room)',
      intranet: 'an intranet page, logged in, with the contact list',
    };
    for (const [key, label] of Object.entries(what)) {
      const { gzipBytes, files } = pages[key];
      console.log(`${n(gzipBytes)}  ${label}: ${files.join(', ')}`);
    }
  } finally {
    await browser.close();
  }
}
