/** Server-side HTML of the demo's admin page: the moderation desk for the site's moderators. */
import { esc, readerBar } from './page.mjs';

export function renderAdmin({ site, readers, reader, teahouse }) {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>内容审核 - ${esc(site.name)}</title>
  <meta name="robots" content="noindex">
  <link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/assets/site.css">
  <link rel="stylesheet" href="/assets/admin.css">
  <script src="/assets/site.js" defer></script>
  <script src="/assets/admin.js" defer></script>
</head>
<body>
  <header class="masthead">
    <div class="masthead-inner">
      <a class="brand" href="/"><span class="brand-mark" aria-hidden="true">山</span><span class="brand-name">${esc(site.name)}</span><span class="brand-tag">管理后台</span></a>
      ${readerBar({ reader, readers })}
    </div>
  </header>

  <main class="admin">
    <h1>内容审核</h1>
    <p class="admin-hint">待审核和被举报的评论、禁言名单、操作日志和敏感词。演示站点：登录「${esc(readers.find((r) => r.moderator)?.name ?? '版主')}」即可审核，其他读者会看到没有权限的提示。</p>
    <p class="admin-hint" data-moderation-unavailable hidden>审核组件没有加载：embed.js 不提供按需加载的组件。</p>
    <teahouse-moderation server="${esc(teahouse)}" site="${esc(site.id)}" lang="zh-CN" page-size="20"></teahouse-moderation>
    <script src="${esc(teahouse)}/embed.js" async></script>
  </main>

  <footer class="site-footer">
    <p><a href="/">返回文章</a> · ${esc(site.name)} · 本站为 Teahouse 演示站点，新闻内容、人物与数据均为虚构。</p>
  </footer>
</body>
</html>
`;
}
