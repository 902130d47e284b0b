const visitorKey = (site: string) => `teahouse-visitor:${site}`;

/** The visitor token this browser keeps for a site, if storage is available. */
export function storedVisitor(site: string): string | null {
  try {
    return localStorage.getItem(visitorKey(site));
  } catch {
    return null;
  }
}

export function storeVisitor(site: string, token: string): void {
  try {
    localStorage.setItem(visitorKey(site), token);
  } catch {
    // Storage refused (private mode, sandboxed frame): the token lasts for this page only.
  }
}
