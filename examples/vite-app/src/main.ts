// Importing the package registers every <teahouse-*> tag.
import '@teahouse/elements';

interface Article {
  page: string;
  title: string;
  summary: string;
}

const ARTICLES: Article[] = [
  {
    page: 'a-20261124-laojie',
    title: '城东老街改造完工 骑楼夜市本周六开市',
    summary: '历时八个月的城东老街风貌改造工程日前通过验收，修缮后的骑楼街区将于本周六晚开放夜市。',
  },
  {
    page: 'a-20261125-line3',
    title: '轨道交通3号线老街站2号出口本月底恢复通行',
    summary: '因老街改造封闭的2号出口将于11月30日重新开放，周末夜间加开班次。',
  },
];

const params = new URLSearchParams(location.search);
const comments = document.querySelector('teahouse-comments')!;
comments.setAttribute('server', import.meta.env['VITE_TEAHOUSE_SERVER'] ?? params.get('server') ?? 'http://127.0.0.1:8787');
comments.setAttribute('site', import.meta.env['VITE_TEAHOUSE_SITE'] ?? params.get('site') ?? 'demo');

const nav = document.querySelector<HTMLElement>('[data-articles]')!;
const buttons = ARTICLES.map((article) => {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = article.title.slice(0, 8) + '…';
  button.title = article.title;
  button.dataset['page'] = article.page;
  button.addEventListener('click', () => show(article));
  nav.append(button);
  return button;
});

function show(article: Article): void {
  document.querySelector('[data-title]')!.textContent = article.title;
  document.querySelector('[data-summary]')!.textContent = article.summary;
  for (const button of buttons) {
    if (button.dataset['page'] === article.page) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  // One element for the whole app: changing `page` loads the other thread in place.
  comments.setAttribute('page-title', article.title);
  comments.setAttribute('page-url', `${location.origin}/?article=${article.page}`);
  comments.setAttribute('page', article.page);
  history.replaceState(null, '', `?${new URLSearchParams({ ...Object.fromEntries(params), article: article.page })}`);
}

show(ARTICLES.find((a) => a.page === params.get('article')) ?? ARTICLES[0]!);
