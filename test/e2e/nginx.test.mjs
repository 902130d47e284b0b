// The nginx reverse proxy of docs/server.md ("Behind nginx"), taken from the page as written, in
// front of a real `teahouse serve`: a page, a reply and its live event pass through it, and the
// client address the server logs is the one nginx forwarded (a client's own X-Forwarded-For is
// not believed). nginx is Debian's, run in the foreground on a conf and temp paths of its own.
//
// Ports: the API on a free port; nginx on TEAHOUSE_NGINX_PORT or the first free one of 9201…9290.
// Needs `node scripts/build.mjs` first, and /usr/sbin/nginx.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(root, 'packages/server/dist/cli.js');
const NGINX = '/usr/sbin/nginx';
const SECRET = 'nginx-test-secret-long-enough-for-hs256';
const METRICS_TOKEN = 'nginx-test-metrics-token-0123456789';
/** The test's client connects from this loopback address, nginx from 127.0.0.1: the server can tell them apart. */
const CLIENT_ADDRESS = '127.0.0.2';

const free = (port) => new Promise((resolve) => {
  const server = createServer();
  server.once('error', () => resolve(false));
  server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
});

async function nginxPort() {
  if (process.env.TEAHOUSE_NGINX_PORT) return Number(process.env.TEAHOUSE_NGINX_PORT);
  for (let port = 9201; port <= 9290; port++) if (await free(port)) return port;
  throw new Error('no free port in 9201…9290 for nginx');
}

/** The docs' nginx server block, pointed at this test's ports; nothing else of it changes. */
function confFromDocs(apiPort, port, dir) {
  const doc = readFileSync(join(root, 'docs/server.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Behind nginx'));
  const block = /```nginx\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'docs/server.md has the nginx example under "Behind nginx"');
  const server = block
    .replace(/server 127\.0\.0\.1:8787;/, `server 127.0.0.1:${apiPort};`)
    .replace(/listen 443 ssl http2;.*/, `listen 127.0.0.1:${port};`);
  assert.notEqual(server, block, 'the example names the upstream and the listener this test replaces');
  return [
    'daemon off;',
    'master_process off;',
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'error.log')} warn;`,
    'events { worker_connections 64; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${join(dir, kind)};`),
    server,
    '}',
  ].join('\n');
}

/** Starts a process and resolves once `ready` matches its output; its output stays readable. */
function start(command, args, ready, env = {}) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (output.stdout += d));
  child.stderr.on('data', (d) => (output.stderr += d));
  const started = new Promise((resolve, reject) => {
    const check = () => {
      const match = ready(output);
      if (match) resolve(match);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}: ${output.stderr}${output.stdout}`)));
  });
  // Exiting when told to at the end is no failure; a caller awaiting `started` still hears of an early exit.
  started.catch(() => {});
  return { child, output, started };
}

/** One HTTP request from CLIENT_ADDRESS, with the body read. */
function call(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, localAddress: CLIENT_ADDRESS }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('the nginx example proxies pages, posts and live events to teahouse serve, with the client address', { skip: !existsSync(NGINX) && 'no nginx', timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'teahouse-nginx-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, kind));
  const database = `sqlite:${join(dir, 'teahouse.db')}`;
  execFileSync(process.execPath, [CLI, 'site', 'add', 'news', '--origin', 'https://news.example.com', '--secret', SECRET, '--database', database]);

  const api = start(process.execPath, [CLI, 'serve', '--port', '0', '--database', database, '--trust-proxy', '127.0.0.1', '--log'], (o) => /listening on (http:\S+)/.exec(o.stdout)?.[1], {
    TEAHOUSE_METRICS_TOKEN: METRICS_TOKEN, DATABASE_URL: '', REDIS_URL: '', TEAHOUSE_TRUST_PROXY: '',
  });
  t.after(() => api.child.kill('SIGTERM'));
  const apiUrl = await api.started;
  const port = await nginxPort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, confFromDocs(new URL(apiUrl).port, port, dir));
  execFileSync(NGINX, ['-t', '-q', '-e', join(dir, 'startup.log'), '-c', conf, '-p', dir], { stdio: 'pipe' });
  const nginx = start(NGINX, ['-e', join(dir, 'startup.log'), '-c', conf, '-p', dir], () => false);
  t.after(() => nginx.child.kill('SIGTERM'));
  const proxy = `http://127.0.0.1:${port}`;
  // nginx says nothing once it listens: ask until it answers.
  for (;;) {
    const answer = await call(`${proxy}/healthz`).catch(() => null);
    if (answer?.status === 200) break;
    if (nginx.child.exitCode !== null) throw new Error(`nginx exited: ${nginx.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const page = await call(`${proxy}/v1/sites/news/bootstrap?page=a-1`);
  assert.equal(page.status, 200, page.text);
  assert.equal(JSON.parse(page.text).site.id, 'news');
  assert.match(page.headers['x-request-id'] ?? '', /^[0-9a-f]{32}$/, "nginx's $request_id went through and came back");

  // The live stream, opened through nginx before the reply is posted.
  const controller = new AbortController();
  t.after(() => controller.abort());
  const stream = await fetch(`${proxy}/v1/sites/news/events?page=a-1`, { signal: controller.signal });
  assert.equal(stream.status, 200);
  assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
  let received = '';
  const event = (async () => {
    while (!/event: floor\.created\n/.test(received)) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`the stream ended: ${received}`);
      received += value;
    }
    return received;
  })();
  // The stream is open at the server once its first bytes (the retry line) came through.
  while (!received.includes('retry:')) await new Promise((resolve) => setTimeout(resolve, 20));

  const { signToken } = await import(join(root, 'packages/server/dist/index.js'));
  const token = await signToken({ id: 'news', secret: SECRET }, { sub: 'reader-1', name: '读者一' });
  const posted = await call(`${proxy}/v1/sites/news/floors`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' },
    body: JSON.stringify({ page: 'a-1', body: '经过 nginx 的回帖' }),
  });
  assert.equal(posted.status, 201, posted.text);
  const text = await event;
  assert.match(text, /经过 nginx 的回帖/, 'the reply arrived on the stream, through nginx, unbuffered');

  // The server logged the POST from the address nginx forwarded, not the one the client made up.
  const requestId = posted.headers['x-request-id'];
  let line;
  while (!line) {
    line = api.output.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).find((l) => l.reqId === requestId && l.msg === 'request');
    if (!line) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal(line.method, 'POST');
  assert.equal(line.status, 201);
  assert.equal(line.ip, CLIENT_ADDRESS);

  // Metrics stay inside: nginx refuses them; the instance serves them to its token.
  assert.equal((await call(`${proxy}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status, 404);
  const metrics = await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(metrics.status, 200);
  assert.match(await metrics.text(), /^teahouse_event_streams_open 1$/m);

  // Everything after the first line is JSON, without a colour code.
  const [first, ...rest] = api.output.stdout.trim().split('\n');
  assert.match(first, /^teahouse listening on http:/);
  for (const l of rest) {
    assert.doesNotThrow(() => JSON.parse(l), l);
    assert.ok(!l.includes('\u001b['), l);
  }
});
