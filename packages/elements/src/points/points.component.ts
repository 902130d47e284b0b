import {
  ConnectionController, ContextConsumer, LocalizeController, TeahouseElement, html, nothing, property, sessionContext, state, threadContext,
  type CSSResult, type GetToken, type PropertyValues, type TeahouseClient, type TemplateResult,
} from '../lazy/kit.js';
import { isWechatChannel, type Leaderboard, type LedgerEntry, type PointsBalance, type PointsRules, type PublicRule } from '@teahouse/protocol';
import { rewardsApi, type RewardsApi } from '@teahouse/client/rewards';
import { AwardWatcher } from './awards.js';
import { catalogs, type PointsMessages } from './messages.js';
import { styles } from './points.styles.js';
import { renderPanel, renderTabs } from './tabs.js';
import { cycleText, duration, reasonText, ruleName, verifyText } from './words.js';

/** The element's sections, each behind a tab. */
export type PointsTab = 'history' | 'rules' | 'leaderboard';
export type LeaderboardPeriod = Leaderboard['period'];

const PERIODS: LeaderboardPeriod[] = ['day', 'week', 'all'];

/** The HTTP status of a failed request (the client's `HttpError`), read without `instanceof`, which a second copy of the client would defeat. */
const statusOf = (error: unknown): number | undefined => (error as { status?: unknown } | null)?.status as number | undefined;

/**
 * The reader's points: balance (and what is still on hold), paged history, the site's points
 * rules (积分规则) and the leaderboard. Standalone on a host's "my points" page with `server`,
 * `site` and a reader `token` (or `getToken`); inside `<teahouse-comments>` it uses the client
 * and session of the comments. Anonymous readers see the rules, the leaderboard and a login prompt.
 *
 * @summary Points balance, history, rules and leaderboard.
 * @tagname teahouse-points
 * @fires {CustomEvent<LoginRequestDetail>} teahouse-login-request - The reader pressed 登录; cancelable, detail `{loginUrl, action: 'login'}`.
 * @csspart base - The element's box.
 * @csspart balance - The balance and what is pending.
 * @csspart tabs - A tab list (sections, and the leaderboard's periods).
 * @csspart tab - Each tab (`aria-selected` marks the chosen one).
 * @csspart panel - A tab's panel.
 * @csspart history - The list of ledger entries.
 * @csspart rules - The rules table.
 * @csspart leaderboard - The leaderboard list.
 * @cssproperty --teahouse-points-accent - Balance, positive amounts and the chosen tab.
 * @cssproperty --teahouse-points-text - Text colour.
 * @cssproperty --teahouse-points-muted - Secondary text.
 * @cssproperty --teahouse-points-border - Box and separators.
 * @cssproperty --teahouse-points-highlight - Background of the pending note.
 */
export class TeahousePoints extends TeahouseElement {
  static override styles: CSSResult[] = styles;
  private readonly l = new LocalizeController(this);
  private readonly connection = new ConnectionController(this, { onReader: () => (this.readerEpoch += 1) });
  private readonly session = new ContextConsumer(this, sessionContext);
  private readonly thread = new ContextConsumer(this, threadContext);

  /** Counts the standalone reader's changes (a login, a logout, another reader). */
  @state() private readerEpoch = 0;
  private api: RewardsApi | undefined;
  /** What the data on screen was loaded for: a client and a reader. */
  private loadedFor: [TeahouseClient | undefined, string | null] = [undefined, null];
  private loads = 0;
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  @state() private rules: PointsRules | undefined = undefined;
  @state() private balance: PointsBalance | undefined = undefined;
  @state() private entries: LedgerEntry[] = [];
  @state() private next: string | null = null;
  /** Null until known. */
  @state() private signedIn: boolean | null = null;
  /** Leaderboards loaded, by period. */
  @state() private boards: Partial<Record<LeaderboardPeriod, Leaderboard>> = {};
  /** The site turned its leaderboard off. */
  @state() private boardOff: boolean = false;
  @state() private failed: unknown = undefined;
  @state() private moreFailed: boolean = false;
  @state() private loadingMore: boolean = false;

  /** Base URL of the Teahouse server (standalone use). */
  @property() server = '';
  /** Site id (standalone use). */
  @property() site = '';
  /** The reader's host SSO token; set or clear it at any time to log in or out (standalone use). */
  @property() token: string | null | undefined = undefined;
  /** Called for a token when `token` is not set, e.g. to fetch one from the host backend (standalone use). */
  @property({ attribute: false }) getToken: GetToken | undefined = undefined;
  /** Where the login prompt links to; inside `<teahouse-comments>` the site's login URL is used. */
  @property({ attribute: 'login-url' }) loginUrl: string | undefined = undefined;
  /** History entries per page. Default: the server's (20). */
  @property({ type: Number, attribute: 'page-size' }) pageSize: number | undefined = undefined;
  /** The section shown: `history`, `rules` or `leaderboard`. Default: history for readers, rules otherwise. */
  @property() tab: PointsTab | undefined = undefined;
  /** The leaderboard's period: `day`, `week` or `all` (default). */
  @property() period: LeaderboardPeriod = 'all';
  /** `light` (default), `dark`, or `auto` (standalone use; inside `<teahouse-comments>` its theme applies). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' | undefined = undefined;

  constructor() {
    super();
    new AwardWatcher(this, () => this.stream(), () => void this.refresh());
  }

  private get client(): TeahouseClient | undefined {
    return this.connection.client;
  }

  private get m(): PointsMessages {
    return catalogs[this.l.locale];
  }

  /**
   * Who the element shows points for: standalone, whoever the token (or `getToken`) names, known once
   * the server answers; inside `<teahouse-comments>`, the session's viewer. Undefined while unknown.
   */
  private get reader(): string | null | undefined {
    // Standalone: nobody when the token is known to be none; else whoever it names (asked on load).
    if (this.connection.own) return this.connection.reader === null ? null : `own:${this.readerEpoch}`;
    const session = this.session.value;
    return session ? (session.viewer?.user.id ?? null) : undefined;
  }

  /** Inside `<teahouse-comments>`: its thread, whose live floors announce the reader's awards. */
  private stream() {
    const store = this.thread.value;
    const viewer = this.session.value?.viewer?.user.id;
    return store && viewer ? { store, viewer } : undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    const client = this.client;
    const reader = this.reader;
    if (!client || reader === undefined) return;
    const [lastClient, lastReader] = this.loadedFor;
    if (client !== lastClient || reader !== lastReader || changed.has('pageSize')) void this.load();
  }

  /** Loads everything again: rules, and the reader's balance and first page of history. */
  async load(): Promise<void> {
    const client = this.client;
    const reader = this.reader;
    const load = ++this.loads;
    this.loadedFor = [client, reader ?? null];
    if (!client || reader === undefined) return;
    const api = (this.api = rewardsApi(client));
    this.failed = undefined;
    this.boards = {};
    this.boardOff = false;
    this.moreFailed = false;
    const mine = reader === null ? Promise.resolve(null) : Promise.all([api.points(), api.pointsHistory({ limit: this.pageSize })]);
    const [rules, own] = await Promise.allSettled([api.pointsRules(), mine]);
    if (load !== this.loads) return;
    if (rules.status === 'rejected') return void (this.failed = rules.reason);
    this.rules = rules.value;
    if (own.status === 'rejected' && statusOf(own.reason) !== 401) return void (this.failed = own.reason);
    const data = own.status === 'fulfilled' ? own.value : null;
    // A token the server refuses (expired) leaves the reader anonymous: the prompt logs in again.
    this.signedIn = data !== null;
    this.balance = data?.[0];
    this.entries = data?.[1].entries ?? [];
    this.next = data?.[1].next ?? null;
    if (this.shownTab === 'leaderboard') void this.loadBoard(this.period);
  }

  /**
   * Loads the balance and the newest history entries again, keeping the older pages already
   * loaded. Runs once at a time; a call during a run runs once more after it.
   */
  async refresh(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        await this.refreshOnce();
      } while (this.refreshAgain);
    })();
    try {
      await this.refreshing;
    } finally {
      this.refreshing = undefined;
    }
  }

  private async refreshOnce(): Promise<void> {
    const api = this.api;
    const load = this.loads;
    if (!api || !this.signedIn) return;
    try {
      const [balance, page] = await Promise.all([api.points(), api.pointsHistory({ limit: this.pageSize })]);
      if (load !== this.loads) return;
      this.balance = balance;
      const fresh = new Map(page.entries.map((entry) => [entry.id, entry]));
      const oldest = page.entries.at(-1);
      // Entry ids only grow. When the fresh page reaches what is shown, the older pages stay.
      const joins = page.next === null || this.entries.some((entry) => fresh.has(entry.id));
      if (joins && oldest) {
        this.entries = [...page.entries, ...this.entries.filter((entry) => Number(entry.id) < Number(oldest.id))];
      } else {
        this.entries = page.entries;
        this.next = page.next;
      }
    } catch {
      // A refresh that fails leaves what is shown; the next award or visit tries again.
    }
  }

  private async loadMore(): Promise<void> {
    const api = this.api;
    const load = this.loads;
    if (!api || this.next === null || this.loadingMore) return;
    this.loadingMore = true;
    this.moreFailed = false;
    try {
      const page = await api.pointsHistory({ cursor: this.next, limit: this.pageSize });
      if (load !== this.loads) return;
      const known = new Set(this.entries.map((entry) => entry.id));
      this.entries = [...this.entries, ...page.entries.filter((entry) => !known.has(entry.id))];
      this.next = page.next;
    } catch {
      if (load === this.loads) this.moreFailed = true;
    } finally {
      this.loadingMore = false;
    }
  }

  private async loadBoard(period: LeaderboardPeriod): Promise<void> {
    const api = this.api;
    const load = this.loads;
    if (!api || this.boards[period] || this.boardOff) return;
    try {
      const board = await api.leaderboard(period);
      if (load === this.loads) this.boards = { ...this.boards, [period]: board };
    } catch (error) {
      if (load !== this.loads) return;
      // The site turned its leaderboard off.
      if (statusOf(error) === 404) this.boardOff = true;
      else this.failed = error;
    }
  }

  private get tabs(): PointsTab[] {
    const tabs: PointsTab[] = [];
    if (this.signedIn) tabs.push('history');
    tabs.push('rules');
    if (this.rules?.leaderboard && !this.boardOff) tabs.push('leaderboard');
    return tabs;
  }

  private get shownTab(): PointsTab {
    const tabs = this.tabs;
    const tab = this.tab;
    return tab && tabs.includes(tab) ? tab : tabs[0]!;
  }

  private handleTab = (tab: PointsTab): void => {
    this.tab = tab;
    if (tab === 'leaderboard') void this.loadBoard(this.period);
  };

  private handlePeriod = (period: LeaderboardPeriod): void => {
    this.period = period;
    void this.loadBoard(period);
  };

  private handleLogin(event: Event): void {
    const loginUrl = this.loginUrl || this.session.value?.site.loginUrl || null;
    // A host that handles login itself cancels the event; the link then does not navigate.
    if (!this.emit('teahouse-login-request', { loginUrl, action: 'login' }, true)) event.preventDefault();
  }

  private amount(value: number): string {
    return this.m.amount(new Intl.NumberFormat(this.l.locale).format(value), this.rules?.currency.name ?? this.balance?.currency.name ?? '');
  }

  override render(): TemplateResult {
    const m = this.m;
    const currency = this.balance?.currency ?? this.rules?.currency;
    const label = currency ? m.title(currency.name) : m.loading;
    if (this.failed !== undefined) {
      return html`<section part="base" aria-label=${label}>
        <p class="status" role="alert">${m.loadFailed}
          <button type="button" class="retry" @click=${() => this.load()}>${m.retry}</button></p>
      </section>`;
    }
    if (!this.rules || this.signedIn === null) {
      return html`<section part="base" aria-label=${label} aria-busy="true"><p class="status">${m.loading}</p></section>`;
    }
    const tab = this.shownTab;
    const labels: Record<PointsTab, string> = { history: m.history, rules: m.rules, leaderboard: m.leaderboard };
    return html`<section part="base" aria-label=${label}>
      ${this.signedIn ? this.renderBalance() : this.renderPrompt()}
      ${renderTabs('section', m.sections, this.tabs.map((key) => ({ key, label: labels[key] })), tab, this.handleTab)}
      ${renderPanel('section', tab, tab === 'history' ? this.renderHistory() : tab === 'rules' ? this.renderRules() : this.renderBoard())}
    </section>`;
  }

  private renderBalance() {
    const m = this.m;
    const balance = this.balance;
    if (!balance) return nothing;
    const pending = this.entries.filter((entry) => entry.status === 'pending');
    // Entries come newest first and every hold is as long: the oldest pending entry is released first,
    // and it is among those loaded once the history reaches an entry already released (or its end).
    const complete = this.next === null || this.entries.some((entry) => entry.status === 'available');
    const first = complete && pending.length ? pending.reduce((a, b) => (a.availableAt < b.availableAt ? a : b)) : undefined;
    return html`<div part="balance" class="balance">
      <span class="muted">${m.available}</span>
      ${balance.currency.icon ? html`<img src=${balance.currency.icon} alt="" width="20" height="20">` : nothing}
      <span class="amount">${new Intl.NumberFormat(this.l.locale).format(balance.balance)}</span>
      <span class="unit">${balance.currency.name}</span>
      ${balance.pending > 0
        ? html`<p class="pending">${m.pending(this.amount(balance.pending))}${first ? m.pendingFrom(this.l.absolute(first.availableAt)) : nothing}</p>`
        : nothing}
    </div>`;
  }

  private renderPrompt() {
    const m = this.m;
    const url = this.loginUrl || this.session.value?.site.loginUrl;
    const link = url
      ? html`<a href=${url} @click=${(e: Event) => this.handleLogin(e)}>${m.login}</a>`
      : html`<button type="button" @click=${(e: Event) => this.handleLogin(e)}>${m.login}</button>`;
    return html`<p class="prompt">${m.loginPrompt(link, this.rules?.currency.name ?? '')}</p>`;
  }

  private renderHistory() {
    const m = this.m;
    if (!this.entries.length) return html`<p class="muted">${m.historyEmpty}</p>`;
    return html`<ol part="history" class="history">${this.entries.map((entry) => html`<li class="entry">
        <span class="reason">${reasonText(m, entry)}</span>
        <span class="delta ${entry.delta > 0 ? 'plus' : 'minus'}">${entry.delta > 0 ? '+' : '−'}${new Intl.NumberFormat(this.l.locale).format(Math.abs(entry.delta))}</span>
        <time datetime=${entry.createdAt}>${this.l.absolute(entry.createdAt)}</time>
        ${entry.status === 'pending' ? html`<span class="state">${m.entryPending(this.l.absolute(entry.availableAt))}</span>` : nothing}
      </li>`)}</ol>
      ${this.moreFailed ? html`<p class="status" role="alert">${m.loadFailed}</p>` : nothing}
      ${this.next !== null
        ? html`<button type="button" class="more" ?disabled=${this.loadingMore} @click=${() => this.loadMore()}>${this.moreFailed ? m.retry : m.loadMore}</button>`
        : nothing}`;
  }

  private renderRules() {
    const m = this.m;
    const rules = this.rules!;
    const notes: string[] = [rules.dailyCap > 0 ? m.dailyCap(this.amount(rules.dailyCap)) : m.noDailyCap];
    if (rules.holdSeconds > 0) notes.push(m.hold(duration(m, rules.holdSeconds)));
    if (rules.rules.some((rule) => rule.channel && isWechatChannel(rule.channel))) notes.push(rules.wechatRewards ? m.wechatOn : m.wechatOff);
    const row = (rule: PublicRule) => html`<tr class=${rule.active ? '' : 'inactive'}>
        <td>${rule.active ? ruleName(m, rule) : m.inactive(ruleName(m, rule))}</td>
        <td class="earns">${this.amount(rule.points)}</td>
        <td>${cycleText(m, rule)}</td>
        <td>${verifyText(m, rule)}</td>
      </tr>`;
    return html`${rules.rules.length
        ? html`<table part="rules">
            <thead><tr><th scope="col">${m.ruleAction}</th><th scope="col">${m.rulePoints}</th><th scope="col">${m.ruleCycle}</th><th scope="col">${m.ruleVerify}</th></tr></thead>
            <tbody>${rules.rules.map(row)}</tbody>
          </table>`
        : html`<p class="muted">${m.noRules}</p>`}
      <ul class="notes">${notes.map((note) => html`<li>${note}</li>`)}</ul>`;
  }

  private renderBoard() {
    const m = this.m;
    const period = this.period;
    const board = this.boards[period];
    const labels: Record<LeaderboardPeriod, string> = { day: m.day, week: m.week, all: m.all };
    const list = !board
      ? html`<p class="status" aria-busy="true">${m.loading}</p>`
      : board.entries.length
        ? html`<ol part="leaderboard" class="board">${board.entries.map((entry) => html`<li class="row">
            <span class="rank"><span aria-hidden="true">${entry.rank}</span><span class="visually-hidden">${m.rank(entry.rank)}</span></span>
            <bdi class="name">${entry.user.name}</bdi>
            <span class="points">${this.amount(entry.points)}</span>
          </li>`)}</ol>`
        : html`<p class="muted">${m.leaderboardEmpty}</p>`;
    return html`${renderTabs('period', m.periods, PERIODS.map((key) => ({ key, label: labels[key] })), period, this.handlePeriod)}
      ${renderPanel('period', period, list)}`;
  }
}
