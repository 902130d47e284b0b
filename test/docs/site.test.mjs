// The documentation site: it builds from docs/, every internal link and anchor resolves, every
// element has a page whose live example works against the demo server in a real browser, the API
// reference is the OpenAPI document's, and the Chinese terms are explained. Needs `pnpm build`
// first (the live examples run the built elements).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Parser } from 'htmlparser2';
import { checkLinks } from '../../scripts/check-links.mjs';
import { ELEMENT_PAGES } from '../../docs/.vitepress/config.mjs';
import { TERMS } from '../../docs/.vitepress/glossary.mjs';
import { DIST, previewDocs } from '../../docs/.vitepress/preview.mjs';
import { freePort, launchChromium, watchPage } from '../support/demo.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));
const page = (path) => readFileSync(join(DIST, path), 'utf8');

/** The tags the elements package publishes: one per entry point that defines an element. */
function publishedTags() {
  const pkg = readJson(join(root, 'packages/elements/package.json'));
  const tags = new Set();
  for (const target of Object.values(pkg.exports)) {
    if (typeof target !== 'object') continue;
    const source = join(root, 'packages/elements', target.types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));
    for (const [, tag] of readFileSync(source, 'utf8').matchAll(/\.define\('(teahouse-[a-z-]+)'\)/g)) tags.add(tag);
  }
  return [...tags].sort();
}

/** A page's text outside code, all its text, and the terms it marks with <abbr class="term">. */
function readText(html) {
  let text = '';
  let all = '';
  let code = 0;
  let abbr = false;
  const marked = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (name === 'code' || name === 'pre' || name === 'script' || name === 'style') code++;
      if (name === 'abbr' && attributes.class === 'term' && attributes.title) abbr = true;
    },
    ontext(chunk) {
      if (abbr) marked.push(chunk);
      all += chunk;
      if (!code) text += chunk;
    },
    onclosetag(name) {
      if (name === 'code' || name === 'pre' || name === 'script' || name === 'style') code--;
      if (name === 'abbr') abbr = false;
    },
  }, { decodeEntities: true });
  parser.end(html);
  return { text, all, marked: new Set(marked) };
}

before(() => {
  const build = spawnSync('pnpm', ['exec', 'vitepress', 'build', 'docs'], { cwd: root, encoding: 'utf8' });
  assert.equal(build.status, 0, `vitepress build:\n${build.stdout}${build.stderr}`);
});

test('should build a page for every file in docs/', () => {
  const sources = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
  for (const source of sources) assert.ok(existsSync(join(DIST, source.replace(/\.md$/, '.html'))), `${source} has no page`);
  for (const [, name] of ELEMENT_PAGES) assert.ok(existsSync(join(DIST, 'elements', `${name}.html`)), `elements/${name}.md has no page`);
});

test('should resolve every internal link and anchor', () => {
  const { pages, problems } = checkLinks(DIST);
  assert.ok(pages > 20, `only ${pages} pages`);
  assert.deepEqual(problems, []);
});

test('should report a link to a missing page and an anchor a page lacks', () => {
  const site = mkdtempSync(join(tmpdir(), 'teahouse-links-'));
  try {
    mkdirSync(join(site, 'guide'));
    writeFileSync(join(site, 'index.html'), '<a href="guide/a.html#setup">ok</a> <a href="/guide/a#missing">no anchor</a> <a href="b.html">no page</a> <a href="https://example.com/x">external</a> <a href="#top">top</a><h1 id="top"></h1>');
    writeFileSync(join(site, 'guide', 'a.html'), '<h2 id="setup">Setup</h2><a href="../index.html#nowhere">back</a>');
    const { problems } = checkLinks(site);
    assert.deepEqual(problems.sort(), [
      '/guide/a.html: <a> ../index.html#nowhere: no #nowhere in index.html',
      '/index.html: <a> /guide/a#missing: no #missing in guide/a.html',
      '/index.html: <a> b.html: no such file',
    ]);
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test('should give every published element a page with a live example and its reference', () => {
  const tags = publishedTags();
  assert.ok(tags.length >= 9, `only ${tags.join(', ')}`);
  assert.deepEqual(ELEMENT_PAGES.map(([tag]) => tag).sort(), tags, 'the element pages and the published elements differ');
  for (const [tag, name] of ELEMENT_PAGES) {
    const html = page(`elements/${name}.html`);
    assert.match(html, new RegExp(`<live-example[^>]*expect="[^"]+"[^>]*>[\\s\\S]*?<${tag}[\\s>]`), `${name}: no live example of <${tag}>`);
    assert.match(html, /id="reference"/, `${name}: no reference`);
    assert.match(html, /id="(attributes-and-properties|events|css-parts)"/, `${name}: the reference has no table`);
  }
});

test('should show every operation and schema of the OpenAPI document in the API reference', async () => {
  const { buildOpenApi } = await import(pathToFileURL(join(root, 'packages/protocol/dist/openapi.js')).href);
  const doc = buildOpenApi();
  const { all: text } = readText(page('api-reference.html'));
  const html = page('api-reference.html');
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of Object.keys(operations)) assert.ok(text.includes(`${method.toUpperCase()} ${path}`), `${method} ${path}`);
  }
  for (const name of Object.keys(doc.components.schemas)) assert.match(html, new RegExp(`id="${name.toLowerCase()}"`), name);
});

test('should explain each Chinese term of the glossary where a page first uses it', () => {
  const glossary = page('glossary.html');
  for (const { id, term } of TERMS) assert.match(glossary, new RegExp(`<dt id="${id}"[^>]*>[\\s\\S]*?${term}`), `glossary: ${term}`);
  const files = readdirSync(DIST, { recursive: true }).filter((f) => f.endsWith('.html') && f !== 'glossary.html' && f !== '404.html');
  let explained = 0;
  for (const file of files) {
    const { text, marked } = readText(page(file));
    for (const { term } of TERMS) {
      if (!text.includes(term)) continue;
      assert.ok([...marked].some((m) => m.includes(term)), `${file} uses ${term} without explaining it`);
      explained++;
    }
  }
  assert.ok(explained > 50, `only ${explained} explanations`);
});

describe('live examples against the demo server', () => {
  let site;
  let browser;

  before(async () => {
    site = await previewDocs();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.close();
  });

  for (const [tag, name] of ELEMENT_PAGES) {
    test(`should render <${tag}> on its page with the demo server's data`, async () => {
      const tab = await browser.newPage();
      const problems = watchPage(tab, { strict: true });
      try {
        await tab.goto(`${site.url}/elements/${name}.html`);
        const examples = tab.locator('live-example');
        const count = await examples.count();
        assert.ok(count > 0, 'no live example');
        for (let i = 0; i < count; i++) {
          const example = examples.nth(i);
          await tab.waitForFunction((n) => ['ready', 'failed'].includes(document.querySelectorAll('live-example')[n]?.dataset.state), i, { timeout: 20_000 });
          assert.equal(await example.getAttribute('data-state'), 'ready', `example ${i + 1} could not reach the demo server`);
          const expected = await example.getAttribute('expect');
          await example.getByText(expected, { exact: false }).first().waitFor({ timeout: 20_000 });
        }
        assert.deepEqual(problems, []);
      } finally {
        await tab.close();
      }
    });
  }

  test('should post a reply from the live example and show it in the thread', async () => {
    const tab = await browser.newPage();
    try {
      await tab.goto(`${site.url}/elements/comments.html`);
      const example = tab.locator('live-example');
      await example.getByText('终于等到了').first().waitFor({ timeout: 20_000 });
      const body = `文档页面上的回复 ${Date.now()}`;
      await example.getByRole('textbox').first().fill(body);
      await example.getByRole('button', { name: '发表回复' }).click();
      await example.getByText(body).first().waitFor({ timeout: 20_000 });
      await example.locator('.live-events').getByText('teahouse-comment-created').waitFor({ timeout: 5_000 });
    } finally {
      await tab.close();
    }
  });
});

test('should serve the sources with the demo server behind them: pnpm docs:dev', async () => {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Its own process group, so that pnpm, the shell and VitePress stop together.
  const dev = spawn('pnpm', ['docs:dev', '--port', String(port), '--strictPort'], { cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  dev.stdout.on('data', (chunk) => (output += chunk));
  dev.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((done) => dev.once('exit', done));
  try {
    const deadline = Date.now() + 120_000;
    let html;
    while (!html) {
      assert.ok(Date.now() < deadline, `pnpm docs:dev did not answer in 120 s:\n${output}`);
      assert.equal(dev.exitCode, null, `pnpm docs:dev exited:\n${output}`);
      html = await fetch(`${origin}/elements/comments.html`).then((r) => (r.ok ? r.text() : undefined), () => undefined);
      if (!html) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    assert.match(html, /<div id="app">/);
    const { token } = await (await fetch(`${origin}/demo/token?reader=u-linxiaoyu`)).json();
    assert.match(token, /^ey[\w-]+\.[\w-]+\.[\w-]+$/);
    const bootstrap = await fetch(`${origin}/v1/sites/demo/bootstrap?page=a-20261124-laojie`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(bootstrap.status, 200);
    const data = await bootstrap.json();
    assert.equal(data.viewer?.user.name, '林晓雨');
    assert.ok(data.page.floors.some((floor) => JSON.stringify(floor.body).includes('终于等到了')));
  } finally {
    if (dev.exitCode === null) process.kill(-dev.pid, 'SIGTERM');
    await exited;
  }
});
