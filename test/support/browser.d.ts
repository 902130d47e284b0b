export interface TestConfig {
  /** Base URL of the Teahouse test server. */
  server: string;
  /** Site without login URL. */
  site: string;
  /** Site with a login URL and register URL. */
  loginSite: string;
  loginUrl: string;
  /** Page key of a seeded thread: OP floor 3 quotes floor 2; floor 4 holds markup-looking text. */
  seededPage: string;
  /** A thread on `site` whose floors were posted from Guangxi, the United States and a private address (IP属地), the first with a sticker. */
  regionPage: string;
  /** The sticker pack installed on `site`: `smile` (PNG) and `cup` (GIF). */
  stickerPack: string;
  /** Site with a points rules URL (本版积分规则) and maxDepth 3. */
  rulesSite: string;
  /** Site that allows anonymous reactions (visitor tokens). */
  anonSite: string;
  /** Site that lists who reacted (`showWho`) and allows anonymous reactions. */
  whoSite: string;
  /** Site refusing a repeated text (10 min) and more than 2 posts per reader in 10 min. */
  limitsSite: string;
  /** Site for sharing: WeChat rewards on, a rule for every channel but QZone, link shares earned on the press. */
  shareSite: string;
  /** Site with `locale: 'en'` and no rewards or reactions of its own: the English defaults. */
  enSite: string;
  /** Site with moderators (`wtr-mod`: moderator, `wtr-admin`: admin) and a report threshold of 2. */
  modSite: string;
  /** Site where every new reply waits for review (`wtr-mod` is its moderator). */
  premodSite: string;
  /** Site with guest mode on (and a login URL): anonymous readers post under a nickname. */
  guestSite: string;
}
export function testConfig(): Promise<TestConfig>;
export function testToken(options?: { sub?: string; name?: string; site?: string; ttl?: number }): Promise<string>;
export function uniqueId(prefix?: string): string;
