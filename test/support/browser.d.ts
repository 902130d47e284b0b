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
  /** Site with a points rules URL (本版积分规则) and maxDepth 3. */
  rulesSite: string;
  /** Site that allows anonymous reactions (visitor tokens). */
  anonSite: string;
  /** Site that lists who reacted (`showWho`) and allows anonymous reactions. */
  whoSite: string;
}
export function testConfig(): Promise<TestConfig>;
export function testToken(options?: { sub?: string; name?: string; site?: string; ttl?: number }): Promise<string>;
export function uniqueId(prefix?: string): string;
