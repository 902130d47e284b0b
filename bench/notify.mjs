#!/usr/bin/env node
// Notification fan-out and the mail outbox. Fan-out: what a reply that @mentions 20 readers costs
// over the same reply without mentions (20 notices written in its transaction), in process on a
// SQLite file and, when reachable, Postgres. Outbox: notices turned into mail and sent to a real
// SMTP server on loopback (smtp-server as the sink), mails per second. Writes its section of
// docs/performance.md. Needs a build first: `node scripts/build.mjs`.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = fileURLToPath(new URL('..', import.meta.url));
const { createApp, signToken } = await import(`${root}packages/server/dist/index.js`);
const { mailDispatcher } = await import(`${root}packages/server/dist/notifications/mail.js`);
const requireServer = createRequire(`${root}packages/server/package.json`);
const pg = requireServer('pg');
const { SMTPServer } = requireServer('smtp-server');
const DOC = `${root}docs/performance.md`;
const START = '<!-- bench:notify:start -->';
const END = '<!-- bench:notify:end -->';
const POSTGRES = process.env.TEAHOUSE_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const MENTIONED = 20;
const REPLIES = 150;
const MAILS = 400;

const SITE = {
  id: 'bench', name: 'Bench', secret: 'bench-secret-that-is-long-enough-for-hs256', origins: [],
  rewards: { enabled: false },
  notifications: { readerDailyMail: 1000, siteDailyMail: 100_000 },
};
const names = Array.from({ length: MENTIONED }, (_, i) => `reader${i}`);

async function poster(app) {
  const tokens = new Map();
  return async (sub, body, extra = {}) => {
    if (!tokens.has(sub)) tokens.set(sub, await signToken(SITE, { sub, name: sub, ...extra }));
    const res = await app.request('/v1/sites/bench/floors', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(sub)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ page: 'fan-out', url: 'https://news.example.com/fan-out', body }),
    });
    if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function fanOut(label, database) {
  const { app, db, close } = await createApp({ database, sites: [SITE], limits: false });
  try {
    const post = await poster(app);
    // The mentioned readers exist: each posted once.
    for (const name of names) await post(name, `我是 ${name}`);
    const mentions = names.map((n) => `@${n}`).join(' ');
    const plain = names.map((n) => `#${n}`).join(' ');
    const time = async (body) => {
      const ms = [];
      for (let i = 0; i < REPLIES; i++) {
        const t = performance.now();
        await post('writer', `${body} ${i}`);
        ms.push(performance.now() - t);
      }
      return median(ms);
    };
    // Warm up both paths, then alternate so that neither gets the quieter moment.
    await time(plain);
    await time(mentions);
    const [a1, b1, a2, b2] = [await time(plain), await time(mentions), await time(plain), await time(mentions)];
    const without = (a1 + a2) / 2;
    const withMentions = (b1 + b2) / 2;
    const notices = Number((await db.kysely.selectFrom('notices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const expected = MENTIONED * REPLIES * 3;
    if (notices !== expected) throw new Error(`${notices} notices for ${expected} mentions`);
    return { label, without, withMentions };
  } finally {
    await close();
  }
}

async function outbox(label, database) {
  let received = 0;
  let done;
  const all = new Promise((resolve) => (done = resolve));
  const sink = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false, disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        if (++received === MAILS) done();
        callback();
      });
    },
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const port = sink.server.address().port;
  // The mailer is started, then held back until the notices are there: the round measured is its own.
  const { app, db, close } = await createApp({
    database, sites: [SITE], limits: false,
    mail: { url: `smtp://127.0.0.1:${port}`, from: 'Bench <bench@example.com>', publicUrl: 'https://comments.example.com' },
  });
  try {
    const mailer = mailDispatcher(db);
    await mailer.stop();
    const post = await poster(app);
    for (const name of names) await post(name, `我是 ${name}`, { email: `${name}@example.com` });
    const mentions = names.map((n) => `@${n}`).join(' ');
    for (let i = 0; i < MAILS / MENTIONED; i++) await post('writer', `${mentions} ${i}`);
    const { MailDispatcher } = await import(`${root}packages/server/dist/notifications/mail.js`);
    const fresh = new MailDispatcher(db, { url: `smtp://127.0.0.1:${port}`, from: 'Bench <bench@example.com>', publicUrl: 'https://comments.example.com' });
    const started = performance.now();
    await fresh.flush();
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`${received} of ${MAILS} mails`)), 120_000))]);
    const seconds = (performance.now() - started) / 1000;
    await fresh.stop();
    return { label, perSecond: Math.round(MAILS / seconds), seconds };
  } finally {
    await close();
    await new Promise((resolve) => sink.close(resolve));
  }
}

async function withPostgres(fn) {
  const schema = `bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(POSTGRES);
  url.searchParams.set('options', `-c search_path=${schema}`);
  try {
    return await fn(url.toString());
  } finally {
    const c = new pg.Client({ connectionString: POSTGRES });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}

const fan = [];
const mail = [];
const dir = mkdtempSync(join(tmpdir(), 'teahouse-notify-'));
try {
  fan.push(await fanOut('SQLite (file, WAL)', `sqlite:${join(dir, 'fan.db')}`));
  mail.push(await outbox('SQLite (file, WAL)', `sqlite:${join(dir, 'mail.db')}`));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
try {
  fan.push(await withPostgres((url) => fanOut('Postgres (pool of 10)', url)));
  mail.push(await withPostgres((url) => outbox('Postgres (pool of 10)', url)));
} catch (error) {
  console.log(`Postgres skipped: ${error.message}`);
}

const ms = (x) => `${x.toFixed(2)} ms`;
for (const r of fan) console.log(`${r.label}: reply ${ms(r.without)}, with ${MENTIONED} mentions ${ms(r.withMentions)}`);
for (const r of mail) console.log(`${r.label}: ${r.perSecond} mails/s (${MAILS} in ${r.seconds.toFixed(1)} s)`);
const section = `${START}
## Notifications (\`node bench/notify.mjs\`)

Measured on ${new Date().toISOString().slice(0, 10)} (${cpus().length} cores), in process (\`app.request\`), one writer.
**Fan-out**: the median time of posting a reply whose body @mentions ${MENTIONED} readers of the site
(${MENTIONED} notices written in the reply's transaction), against the same reply with \`#name\` in
place of each \`@name\`; ${REPLIES} replies of each, twice, alternating.

| database | reply | reply mentioning ${MENTIONED} | notice cost per mention |
|---|---:|---:|---:|
${fan.map((r) => `| ${r.label} | ${ms(r.without)} | ${ms(r.withMentions)} | ${((r.withMentions - r.without) * 1000 / MENTIONED).toFixed(0)} µs |`).join('\n')}

**Outbox**: ${MAILS} notices of readers with immediate mail, turned into mail (caps checked, one
transaction per batch of 100) and delivered to an SMTP server on loopback (\`smtp-server\`, no TLS),
over a pool of four connections, from the start of the round to the sink's last message.

| database | mails / s |
|---|---:|
${mail.map((r) => `| ${r.label} | ${r.perSecond} |`).join('\n')}
${END}`;
let doc = readFileSync(DOC, 'utf8');
doc = doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), section) : `${doc.trimEnd()}\n\n${section}\n`;
writeFileSync(DOC, doc);
