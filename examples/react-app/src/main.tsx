import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { TeahouseComments, TeahouseCount, type ReadyDetail } from '@teahouse/react';

const params = new URLSearchParams(location.search);
const server = import.meta.env['VITE_TEAHOUSE_SERVER'] ?? params.get('server') ?? 'http://127.0.0.1:8787';
const site = import.meta.env['VITE_TEAHOUSE_SITE'] ?? params.get('site') ?? 'demo';
const ARTICLE = { page: 'a-20261124-laojie', title: '城东老街改造完工 骑楼夜市本周六开市' };

function App() {
  const [ticks, setTicks] = useState(0);
  const [ready, setReady] = useState<ReadyDetail | null>(null);
  return (
    <main>
      <h1>{ARTICLE.title}</h1>
      <p>
        <TeahouseCount server={server} site={site} page={ARTICLE.page} /> ·{' '}
        {/* Re-renders the app: the inline getToken below is a new function each time, and nothing reloads. */}
        <button type="button" data-rerender onClick={() => setTicks((n) => n + 1)}>
          re-render ({ticks})
        </button>
      </p>
      <p data-ready>{ready ? `${ready.bootstrap.thread.replyCount} replies loaded` : 'loading'}</p>
      <TeahouseComments
        server={server}
        site={site}
        page={ARTICLE.page}
        pageTitle={ARTICLE.title}
        getToken={() => null}
        onReady={(event) => setReady(event.detail)}
        onLoginRequest={(event) => {
          // The host would open its own login here.
          event.preventDefault();
        }}
      />
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
