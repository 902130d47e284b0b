// The docs' Node and PHP hosts (examples/ssr-host/) run against a real Teahouse server: each
// article page carries the server-rendered thread, its page p, and the embed script. Needs
// `node scripts/build.mjs` first, and php-cli (.ci/run installs it).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/demo.mjs';
import { seedThread, startServer } from '../../packages/server/dist/index.js';
import { DEFAULT_PAGE_SIZE } from '../../packages/protocol/dist/index.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/ssr-host/', import.meta.url));
const SITE = 'ssr-hosts';
const children = [];
let teahouse;
const hosts = {};

/** Starts `command` and resolves once `url` answers. */
async function startHost(command, args, env, url) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${command} exited: ${stderr}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${command} did not start: ${stderr}`);
}

before(async () => {
  teahouse = await startServer({
    port: 0,
    database: 'sqlite::memory:',
    sites: [{ id: SITE, name: 'Hosts', secret: 'ssr-hosts-secret-0123456789abcdef', origins: ['http://127.0.0.1'], loginUrl: 'https://news.example/login' }],
  });
  const floors = [{ author: { sub: 'a', name: '甲' }, body: '<b>不是标记</b> 第一条' }];
  for (let i = 1; i < DEFAULT_PAGE_SIZE + 1; i++) floors.push({ author: { sub: `r${i}`, name: `读者${i}` }, body: `第 ${i + 2} 楼` });
  await seedThread(teahouse.db, { site: SITE, page: 'a-1', author: { sub: 'e', name: '编辑部' }, floors });
  const env = { TEAHOUSE_URL: teahouse.url.replace(/\/$/, ''), SITE };
  const nodePort = await freePort();
  hosts.node = `http://127.0.0.1:${nodePort}`;
  await startHost(process.execPath, [`${EXAMPLES}node-host.mjs`], { ...env, PORT: String(nodePort) }, `${hosts.node}/a/x`);
  const phpPort = await freePort();
  hosts.php = `http://127.0.0.1:${phpPort}`;
  await startHost('php', ['-S', `127.0.0.1:${phpPort}`, `${EXAMPLES}php/index.php`], env, `${hosts.php}/a/x`);
});

after(async () => {
  for (const child of children) child.kill();
  await teahouse?.close();
});

for (const name of ['node', 'php']) {
  test(`should include the server-rendered thread in the ${name} host's article page`, async () => {
    const res = await fetch(`${hosts[name]}/a/a-1`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /<div id="teahouse" class="teahouse-ssr" data-teahouse-ssr="1"/);
    assert.match(html, /<teahouse-comments\s+data-ssr /);
    assert.match(html, /&lt;b&gt;不是标记&lt;\/b&gt; 第一条/);
    assert.match(html, /<script type="application\/ld\+json">/);
    assert.match(html, /rel="next"/);
    assert.match(html, new RegExp(`<script src="${teahouse.url.replace(/\/$/, '')}/embed.js" data-site="${SITE}" data-page="a-1" async>`));
    // The reader's ?p= reaches Teahouse.
    const two = await (await fetch(`${hosts[name]}/a/a-1?p=2`)).text();
    assert.match(two, /data-teahouse-ssr="2"/);
    assert.match(two, new RegExp(`第 ${DEFAULT_PAGE_SIZE + 2} 楼`));
    assert.doesNotMatch(two, /第一条/);
  });

  test(`should still serve the ${name} host's article page when the thread is not there`, async () => {
    const res = await fetch(`${hosts[name]}/a/a-1?p=99`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.doesNotMatch(html, /teahouse-comments/);
    assert.match(html, /embed\.js/);
  });
}
