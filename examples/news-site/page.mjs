/** Server-side HTML of the demo article page. Every interpolated value goes through `esc`. */

export const esc = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const NAV = ['首页', '本地新闻', '城事', '民生', '交通', '美食', '楼市', '教育', '视频'];

export function readerBar({ reader, readers }) {
  const menu = readers
    .map(
      (r) => `<li><button type="submit" name="user" value="${esc(r.sub)}" class="reader-option">
          <span class="avatar" aria-hidden="true">${esc(r.name.slice(0, 1))}</span>
          <span class="reader-name">${esc(r.name)}</span><span class="reader-note">${esc(r.note)}</span>
        </button></li>`,
    )
    .join('\n');
  return `<div class="reader-bar" data-reader-bar>
      <span class="reader-current" data-reader-current ${reader ? '' : 'hidden'}>
        <span class="avatar" aria-hidden="true" data-reader-initial>${esc(reader?.name.slice(0, 1) ?? '')}</span>
        <span data-reader-name>${esc(reader?.name ?? '')}</span>
        <form method="post" action="/logout" class="inline-form" data-logout-form>
          <button type="submit" class="link-button" data-action="logout">退出</button>
        </form>
      </span>
      <span data-reader-anonymous ${reader ? 'hidden' : ''}>
        <button type="button" class="link-button" data-action="login">登录</button>
        <span class="divider" aria-hidden="true">|</span>
        <a href="#" class="link-button" data-action="register">注册</a>
      </span>
    </div>
    <dialog id="login-dialog" class="login-dialog" aria-labelledby="login-title">
      <form method="post" action="/login" data-login-form>
        <h2 id="login-title">登录山城看点</h2>
        <p class="login-hint">演示站点：选一位读者直接登录，无需密码。</p>
        <ul class="reader-list">
${menu}
        </ul>
        <p class="login-footer"><button type="button" class="link-button" data-action="close-login">取消</button></p>
      </form>
    </dialog>`;
}

export function renderArticle({ article, site, readers, reader, teahouse, origin, thread = '' }) {
  const pageUrl = `${origin}${article.path}`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(article.title)} - ${esc(site.name)}</title>
  <meta name="description" content="${esc(article.lead)}">
  <link rel="canonical" href="${esc(pageUrl)}">
  <meta property="og:title" content="${esc(article.title)}">
  <meta property="og:description" content="${esc(article.lead)}">
  <meta property="og:image" content="${esc(`${origin}/assets/laojie.svg`)}">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/site.css">
  <script src="/assets/site.js" defer></script>
</head>
<body>
  <header class="masthead">
    <div class="masthead-inner">
      <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">山</span><span class="brand-name">${esc(site.name)}</span><span class="brand-tag">本地生活门户</span></a>
      ${readerBar({ reader, readers })}
    </div>
    <nav class="channels" aria-label="频道">
      <ul>${NAV.map((n) => `<li><a href="/"${n === article.channel ? ' aria-current="page"' : ''}>${esc(n)}</a></li>`).join('')}</ul>
    </nav>
  </header>

  <main class="page">
    <article class="article">
      <nav class="breadcrumb" aria-label="位置"><a href="/">${esc(article.channel)}</a><span aria-hidden="true"> · </span><a href="/">${esc(article.section)}</a></nav>
      <h1>${esc(article.title)}</h1>
      <p class="byline"><span class="byline-author">${esc(article.author)}</span> 发表于 <time datetime="${esc(article.publishedAt.replace(' ', 'T'))}">${esc(article.publishedAt)}</time><span aria-hidden="true"> · </span><span>阅读 ${esc(article.reads)}</span></p>
      <p class="lead">${esc(article.lead)}</p>
      <figure class="figure">
        <img src="/assets/laojie.svg" alt="修缮后的城东老街骑楼（示意图）" width="760" height="300">
        <figcaption>修缮后的城东老街骑楼，街面重铺了透水石板。（示意图）</figcaption>
      </figure>
      ${article.paragraphs.map((p) => `<p>${esc(p)}</p>`).join('\n      ')}
      <p class="editor-note">（责任编辑：${esc(article.author)}）</p>
    </article>

    <section class="comments" aria-label="评论">
      ${thread || '<div id="teahouse"></div>'}
      <script src="${esc(teahouse)}/embed.js" data-site="${esc(site.id)}" data-page="${esc(article.page)}"
        data-page-url="${esc(pageUrl)}" data-page-title="${esc(article.title)}" data-lang="zh-CN" data-loading="eager" async></script>
      ${thread ? '' : '<noscript><p class="noscript">评论需要启用 JavaScript。</p></noscript>'}
    </section>

    <div class="sidebar">
      <section class="my-points" aria-labelledby="points-title" data-points hidden>
        <h2 id="points-title">我的看点币</h2>
        <teahouse-points server="${esc(teahouse)}" site="${esc(site.id)}" lang="zh-CN"></teahouse-points>
      </section>
      <aside class="related" aria-labelledby="related-title">
        <h2 id="related-title">相关阅读</h2>
        <ul>${article.related.map((r) => `<li><a href="/">${esc(r)}</a></li>`).join('')}</ul>
      </aside>
    </div>
  </main>

  <footer class="site-footer">
    <p>${esc(site.name)} · 本站为 Teahouse 演示站点，新闻内容、人物与数据均为虚构。 · <a href="/admin.html">内容审核（版主）</a></p>
  </footer>
</body>
</html>
`;
}
