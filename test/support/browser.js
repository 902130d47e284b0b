// Helpers for browser tests: talk to the runner's /__teahouse routes (see teahouse-server-plugin.mjs).

let configPromise;

/** Server URL and site ids of the test server. */
export function testConfig() {
  configPromise ??= fetch('/__teahouse/config').then((r) => r.json());
  return configPromise;
}

/** A token for a reader, signed like a host backend would. */
export async function testToken({ sub, name, site, ttl } = {}) {
  const params = new URLSearchParams({ sub: sub ?? uniqueId('user'), name: name ?? 'Reader' });
  if (site) params.set('site', site);
  if (ttl !== undefined) params.set('ttl', String(ttl));
  const response = await fetch(`/__teahouse/token?${params}`);
  const { token } = await response.json();
  return token;
}

/** A page key (or any id) no other test uses. */
export function uniqueId(prefix = 'page') {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
