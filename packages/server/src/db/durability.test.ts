import test from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Floor, FloorPage } from '@teahouse/protocol';
import { signToken } from '../auth/token.js';
import { upsertSites } from '../sites/sites.js';
import { SITE } from '../test/support.js';
import { openDatabase } from './database.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));
const WRITERS = 32;
const PAGES = ['crash-a', 'crash-b'];

/** `teahouse serve` on a free port; resolves with the process and its URL once it listens. */
function serve(database: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    // Writers come from one machine: each names its own address, as a trusted proxy would.
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--database', database, '--trust-proxy', 'loopback'], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (\S+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.once('exit', (code, signal) => reject(new Error(`teahouse serve exited (${code ?? signal}) before listening: ${out}`)));
  });
}

test('sqlite: kill -9 during group commits loses no acknowledged write', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'teahouse-crash-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const database = `sqlite:${join(dir, 'crash.db')}`;
  const db = await openDatabase(database);
  await upsertSites(db, [SITE]);
  await db.close();

  const { child, url } = await serve(database);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.after(() => child.kill('SIGKILL'));

  /** Floor number → body, for every 201 received. */
  const acknowledged = new Map<string, string>();
  let stop = false;
  let sent = 0;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const page = PAGES[(w + i) % PAGES.length]!;
      const body = `writer ${w} post ${i}`;
      const token = await signToken(SITE, { sub: `crash-${w}-${i}`, name: `W${w}` });
      sent++;
      try {
        const res = await fetch(`${url}/v1/sites/${SITE.id}/floors`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-forwarded-for': `10.0.${w}.${i % 250}` },
          body: JSON.stringify({ page, body }),
        });
        if (res.status === 201) acknowledged.set(`${page}#${Floor.parse(await res.json()).number}`, body);
        else assert.fail(`HTTP ${res.status}: ${await res.text()}`);
      } catch (error) {
        // The process was killed with this request in flight: it was never acknowledged.
        if (stop) return;
        throw error;
      }
    }
  };
  const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
  // Long enough for many batches, then the kill lands in the middle of the traffic.
  while (acknowledged.size < 300) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
  stop = true;
  child.kill('SIGKILL');
  await exited;
  await Promise.all(writers);
  assert.ok(acknowledged.size >= 300 && sent > acknowledged.size, `${acknowledged.size} acknowledged of ${sent} sent`);

  const again = await serve(database);
  t.after(() => again.child.kill('SIGKILL'));
  const stored = new Map<string, string>();
  for (const page of PAGES) {
    let cursor: string | null = null;
    do {
      const res: Response = await fetch(`${again.url}/v1/sites/${SITE.id}/floors?page=${page}&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.status, 200);
      const floors = FloorPage.parse(await res.json());
      for (const floor of floors.floors) {
        const node = floor.body.children[0];
        const text = node?.type === 'paragraph' && node.children[0]?.type === 'text' ? node.children[0].value : '';
        stored.set(`${page}#${floor.number}`, text);
      }
      cursor = floors.next;
    } while (cursor);
  }
  const lost = [...acknowledged].filter(([key, body]) => stored.get(key) !== body);
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged floors are missing after the restart`);
});
