// The host page's own script: its login menu, and handing the Teahouse widget a reader token
// that the host backend signs for whoever is logged in here.
(() => {
  'use strict';

  const dialog = document.getElementById('login-dialog');
  const loginForm = document.querySelector('[data-login-form]');
  const logoutForm = document.querySelector('[data-logout-form]');
  const current = document.querySelector('[data-reader-current]');
  const anonymous = document.querySelector('[data-reader-anonymous]');
  const mount = document.getElementById('teahouse');
  const REFRESH_MS = 50 * 60 * 1000;

  let token = null;
  let refreshTimer = 0;

  // The comments, and the 我的看点币 box in the sidebar, show the same reader.
  function widgets() {
    return document.querySelectorAll('teahouse-comments, teahouse-points, teahouse-moderation');
  }

  function applyToken() {
    for (const widget of widgets()) {
      if (widget.token !== token) widget.token = token;
    }
  }

  function showReader(reader) {
    current.hidden = !reader;
    anonymous.hidden = Boolean(reader);
    if (reader) {
      current.querySelector('[data-reader-name]').textContent = reader.name;
      current.querySelector('[data-reader-initial]').textContent = reader.name.slice(0, 1);
    }
  }

  async function refreshToken() {
    clearTimeout(refreshTimer);
    const res = await fetch('/api/teahouse-token', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    const body = await res.json();
    token = body.token || null;
    showReader(body.reader);
    applyToken();
    // Tokens live an hour; fetch a fresh one before this one runs out.
    if (token) refreshTimer = setTimeout(() => void refreshToken(), REFRESH_MS);
  }

  async function post(path, data) {
    const res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(data),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
  }

  function openLogin() {
    if (!dialog.open) dialog.showModal();
  }

  document.querySelector('[data-action="login"]').addEventListener('click', openLogin);
  document.querySelector('[data-action="register"]').addEventListener('click', (event) => {
    event.preventDefault();
    openLogin();
  });
  document.querySelector('[data-action="close-login"]').addEventListener('click', () => dialog.close());

  loginForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const user = event.submitter?.value;
    if (!user) return;
    await post('/login', { user });
    dialog.close();
    await refreshToken();
  });

  logoutForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    await post('/logout', {});
    await refreshToken();
  });

  // The widget asks for a login when a reader presses 登录 / 回复 / 引用 without one.
  document.addEventListener('teahouse-login-request', (event) => {
    event.preventDefault();
    openLogin();
  });

  // embed.js loads async and may mount after this script ran: hand the token to it when it appears.
  if (mount) new MutationObserver(applyToken).observe(mount, { childList: true });

  // <teahouse-points> is not in embed.js: it is fetched on first use, through window.Teahouse once
  // embed.js has run. Its box stays hidden until the element is defined.
  const pointsBox = document.querySelector('[data-points]');
  function loadPoints() {
    const teahouse = window.Teahouse;
    if (typeof teahouse?.loadElement === 'function') void teahouse.loadElement('teahouse-points');
  }
  if (pointsBox) {
    void customElements.whenDefined('teahouse-points').then(() => {
      pointsBox.hidden = false;
    });
    if (window.Teahouse) loadPoints();
    else document.querySelector('script[src$="/embed.js"]')?.addEventListener('load', loadPoints, { once: true });
  }

  void refreshToken();
})();
