#!/usr/bin/env node
// Checks a built static site: every internal link, script, stylesheet and image points at a file
// of the site, and every `#anchor` at an element with that id (or name) in the page it names.
// External links (other schemes and hosts) are not fetched.
//   node scripts/check-links.mjs docs/.vitepress/dist
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'htmlparser2';

const LINKING = { a: 'href', link: 'href', script: 'src', img: 'src', source: 'src', iframe: 'src' };

function htmlFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return path.endsWith('.html') ? [path] : [];
  });
}

/** The ids a page defines and the internal references it makes. */
function readPage(html) {
  const ids = new Set();
  const refs = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (attributes.id) ids.add(attributes.id);
      if (name === 'a' && attributes.name) ids.add(attributes.name);
      const value = attributes[LINKING[name]];
      if (value !== undefined) refs.push({ tag: name, value });
    },
  }, { decodeEntities: true });
  parser.end(html);
  return { ids, refs };
}

/** The site file a path names, as a static host would serve it (clean URLs and folders included). */
function resolveFile(root, sitePath) {
  const file = join(root, ...sitePath.split('/').filter(Boolean));
  const candidates = sitePath.endsWith('/') ? [join(file, 'index.html')] : [file, `${file}.html`, join(file, 'index.html')];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Checks the site in `root`; returns the problems found, one line each. */
export function checkLinks(root) {
  const pages = new Map(htmlFiles(root).map((file) => [file, readPage(readFileSync(file, 'utf8'))]));
  const problems = [];
  for (const [file, { refs }] of pages) {
    const here = `/${relative(root, file).split(sep).join('/')}`;
    for (const { tag, value } of refs) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) continue;
      const url = new URL(value, `http://site${here}`);
      const target = url.pathname === here || value.startsWith('#') ? file : resolveFile(root, decodeURIComponent(url.pathname));
      if (!target) {
        problems.push(`${here}: <${tag}> ${value}: no such file`);
        continue;
      }
      const anchor = decodeURIComponent(url.hash.slice(1));
      if (!anchor) continue;
      const page = pages.get(target);
      if (!page) problems.push(`${here}: <${tag}> ${value}: #${anchor} in a file that is not a page`);
      else if (!page.ids.has(anchor)) problems.push(`${here}: <${tag}> ${value}: no #${anchor} in ${posix.relative('/', `/${relative(root, target).split(sep).join('/')}`)}`);
    }
  }
  return { pages: pages.size, problems };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2];
  if (!root || !existsSync(root)) {
    console.error('usage: node scripts/check-links.mjs <built site folder>');
    process.exit(2);
  }
  const { pages, problems } = checkLinks(root);
  for (const problem of problems) console.error(problem);
  console.log(`${pages} pages, ${problems.length} broken links or anchors`);
  process.exit(problems.length ? 1 : 0);
}
