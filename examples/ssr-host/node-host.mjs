// An article page rendered by a Node host that includes Teahouse's server-rendered thread: readers
// without JavaScript and crawlers get the discussion in the HTML, and embed.js hydrates it.
//   TEAHOUSE_URL=http://127.0.0.1:8787 SITE=demo PORT=8090 node examples/ssr-host/node-host.mjs
import { createServer } from 'node:http';

const TEAHOUSE = process.env.TEAHOUSE_URL ?? 'http://127.0.0.1:8787';
// Where readers' browsers reach Teahouse (the script's origin); the same server here.
const PUBLIC = process.env.TEAHOUSE_PUBLIC_URL ?? TEAHOUSE;
const SITE = process.env.SITE ?? 'demo';

const escape = (s) => s.replace(/[&<>"]/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' }[c]};`);

/** The thread of `page` as HTML, page `p` of it; nothing when Teahouse cannot be reached (the embed then loads it). */
async function thread(page, p) {
  const url = new URL(`/v1/sites/${SITE}/threads/html`, TEAHOUSE);
  url.searchParams.set('page', page);
  if (p) url.searchParams.set('p', p);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok ? await res.text() : '';
  } catch {
    return '';
  }
}

const server = createServer(async (req, res) => {
  const url = new URL(req.url, 'http://host');
  const match = /^\/a\/([\w-]+)$/.exec(url.pathname);
  if (!match) return res.writeHead(404).end('not found');
  const page = match[1];
  const p = /^\d{1,6}$/.test(url.searchParams.get('p') ?? '') ? url.searchParams.get('p') : null;
  const comments = await thread(page, p);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>文章 ${escape(page)}</title></head>
<body>
<article><h1>文章 ${escape(page)}</h1><p>正文……</p></article>
${comments}
<script src="${escape(PUBLIC)}/embed.js" data-site="${escape(SITE)}" data-page="${escape(page)}" async></script>
</body></html>`);
});

server.listen(Number(process.env.PORT ?? 8090), '127.0.0.1', () => {
  console.log(`article pages on http://127.0.0.1:${server.address().port}/a/<page>`);
});
