import { createContext } from '@lit/context';
import type { TeahouseClient } from '@teahouse/client';
import type { SiteConfig, Viewer } from '@teahouse/protocol';

/** The API client shared by every element under one `<teahouse-comments>`. */
export const clientContext = createContext<TeahouseClient | undefined>(Symbol('teahouse-client'));

/** Who is reading which page, shared by every element under one `<teahouse-comments>`. */
export interface Session {
  site: SiteConfig;
  /** The signed-in reader; null for anonymous readers. */
  viewer: Viewer | null;
  page: string;
  pageUrl: string | undefined;
  pageTitle: string | undefined;
}
export const sessionContext = createContext<Session | undefined>(Symbol('teahouse-session'));
