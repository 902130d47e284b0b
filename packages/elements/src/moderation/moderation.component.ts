import {
  ConnectionController, LocalizeController, TeahouseElement, html, property, state,
  type CSSResult, type GetToken, type PropertyValues, type TemplateResult,
} from '../lazy/kit.js';
import type { ModerationPolicy } from '@teahouse/protocol';
import { moderationApi, type ModerationApi } from '@teahouse/client/moderation';
import { renderPanel, renderTabs } from '../points/tabs.js';
import { AuditPanel } from './audit.js';
import { BansPanel } from './bans.js';
import type { Desk } from './desk.js';
import { failureOf } from './failure.js';
import { catalogs, type ModerationMessages, type ModerationTab } from './messages.js';
import { styles } from './moderation.styles.js';
import { QueuePanel } from './queue.js';
import { WordsPanel } from './word-lists.js';

const TABS: ModerationTab[] = ['pending', 'reported', 'bans', 'audit', 'words'];

/** What every section of the element does: load when first shown, forget what it loaded, draw itself. */
interface Section {
  ensure(): void;
  reset(): void;
  reload(): Promise<void>;
  render(): TemplateResult;
}

/**
 * The moderation desk for a host's admin page: the queue of floors waiting for review and of
 * reported floors (with their report counts, reasons and notes, and each floor in its thread on
 * demand), the actions approve, hide, delete, restore, pin and unpin, bans and shadow-bans of a
 * floor's author, the bans in force, the audit log and the site's banned and suspect words.
 * Standalone with `server`, `site` and the token of a moderator or admin of the site (`token` or
 * `getToken`); anyone else is told they may not moderate.
 *
 * @summary Moderation queue, bans, audit log and word lists.
 * @tagname teahouse-moderation
 * @csspart base - The element's box.
 * @csspart tabs - The section tabs.
 * @csspart tab - Each tab (`aria-selected` marks the chosen one).
 * @csspart panel - The chosen section.
 * @cssproperty --teahouse-moderation-accent - Buttons that remove or ban, and the chosen tab.
 * @cssproperty --teahouse-moderation-text - Text colour.
 * @cssproperty --teahouse-moderation-muted - Secondary text.
 * @cssproperty --teahouse-moderation-border - Boxes and separators.
 * @cssproperty --teahouse-moderation-highlight - Marks (已隐藏, 待审核…) and the floor judged in its context.
 */
export class TeahouseModeration extends TeahouseElement {
  static override styles: CSSResult[] = styles;
  private readonly l = new LocalizeController(this);
  // The desk works alone, with its own moderator's token: never the client of comments around it.
  private readonly connection = new ConnectionController(this, { onReader: () => void this.load() }, { context: false });
  private api: ModerationApi | undefined;
  private apiFor: unknown;
  private loads = 0;
  private readonly desk = this.makeDesk();
  private readonly sections: Record<ModerationTab, Section> = {
    pending: new QueuePanel(this.desk, 'pending'),
    reported: new QueuePanel(this.desk, 'reported'),
    bans: new BansPanel(this.desk),
    audit: new AuditPanel(this.desk),
    words: new WordsPanel(this.desk),
  };

  @state() private policy: ModerationPolicy | undefined = undefined;
  /** The server refused the token: 401 (none, or expired) or 403 (not a moderator of the site). */
  @state() private denied: 401 | 403 | null = null;
  @state() private failed: unknown = undefined;
  @state() private announcement: string = '';

  /** Base URL of the Teahouse server. */
  @property() server = '';
  /** Site id. */
  @property() site = '';
  /** The host SSO token of a moderator or admin of the site; set it at any time. */
  @property() token: string | null | undefined = undefined;
  /** Called for a token when `token` is not set, e.g. to fetch one from the host backend. */
  @property({ attribute: false }) getToken: GetToken | undefined = undefined;
  /** Only the floors of this article page in the queue and the audit log. Default: the whole site. */
  @property() page: string | undefined = undefined;
  /** Items per page of the queue, the bans and the audit log. Default: the server's (30). */
  @property({ type: Number, attribute: 'page-size' }) pageSize: number | undefined = undefined;
  /** The section shown: `pending` (default), `reported`, `bans`, `audit` or `words`. */
  @property({ reflect: true }) tab: ModerationTab | undefined = undefined;
  /** `light` (default), `dark`, or `auto` to follow the system setting. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' | undefined = undefined;


  private get m(): ModerationMessages {
    return catalogs[this.l.locale];
  }

  private get shownTab(): ModerationTab {
    return this.tab && TABS.includes(this.tab) ? this.tab : 'pending';
  }

  /** What the sections take from the element, some of it read when used (the client changes with the token). */
  private makeDesk(): Desk {
    const live = (read: () => unknown): PropertyDescriptor => ({ get: read, enumerable: true });
    const fixed: Omit<Desk, 'api' | 'm' | 'page' | 'limit' | 'stickers'> = {
      l: this.l,
      requestUpdate: () => this.requestUpdate(),
      announce: (text) => (this.announcement = text),
      explain: (error) => this.explain(error),
      focus: (selector) => void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus()),
      bansChanged: () => this.sections.bans.reset(),
    };
    return Object.defineProperties(fixed, {
      api: live(() => this.api),
      m: live(() => this.m),
      page: live(() => this.page || undefined),
      limit: live(() => this.pageSize || undefined),
      stickers: live(() => {
        const client = this.connection.client;
        return client && `${client.origin}/v1/sites/${client.site}/stickers/`;
      }),
    }) as Desk;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const client = this.connection.client;
    const fresh = client !== this.apiFor;
    if (fresh) {
      this.apiFor = client;
      this.api = client && moderationApi(client);
    }
    if (fresh || changed.has('page') || changed.has('pageSize')) void this.load();
    else if (changed.has('tab') && this.policy) this.sections[this.shownTab].ensure();
  }

  private explain(error: unknown): string {
    const { errors } = this.m;
    const { status, message } = failureOf(error);
    // The token ran out while the desk was open.
    if (status === 401) return this.m.signIn;
    if (status === 403) return errors.forbidden;
    if (status === 404) return errors.notFound;
    if (status === 409) return errors.conflict;
    if (status === 400 || status === 422) return errors.invalid(message ?? '');
    if (status === 429) return errors.rateLimited;
    const name = (error as { name?: unknown } | null)?.name;
    return name === 'NetworkError' || name === 'TimeoutError' ? errors.network : errors.unknown;
  }

  /** Loads everything again: the site's policy, then the section shown. */
  async load(): Promise<void> {
    const api = this.api;
    const load = ++this.loads;
    for (const section of Object.values(this.sections)) section.reset();
    this.policy = undefined;
    this.denied = null;
    this.failed = undefined;
    this.announcement = '';
    if (!api) return;
    if (!this.token && !this.getToken) return void (this.denied = 401);
    try {
      const policy = await api.settings();
      if (load !== this.loads) return;
      this.policy = policy;
      this.sections[this.shownTab].ensure();
    } catch (error) {
      if (load !== this.loads) return;
      const { status } = failureOf(error);
      if (status === 401 || status === 403) this.denied = status;
      else this.failed = error;
    }
  }

  /** Loads the section shown again; the others load again when next shown. */
  async refresh(): Promise<void> {
    const shown = this.shownTab;
    for (const tab of TABS) if (tab !== shown) this.sections[tab].reset();
    this.announcement = '';
    await this.sections[shown].reload();
  }

  private handleTab = (tab: ModerationTab): void => {
    this.tab = tab;
  };

  override render(): TemplateResult {
    return html`<section part="base" aria-label=${this.m.title}>${this.renderBody()}</section>`;
  }

  private renderBody(): TemplateResult {
    const m = this.m;
    if (this.denied) return html`<p class="status denied" role="alert">${this.denied === 403 ? m.notModerator : m.signIn}</p>`;
    if (this.failed !== undefined) {
      return html`<p class="status" role="alert">${m.loadFailed} ${this.explain(this.failed)}
        <button type="button" @click=${() => this.load()}>${m.retry}</button></p>`;
    }
    const policy = this.policy;
    if (!policy) return html`<p class="status" aria-busy="true">${m.loading}</p>`;
    const tab = this.shownTab;
    const premoderation = m.premoderation[policy.premoderation];
    return html`<header class="top">
        <h2>${m.title}</h2>
        <p class="policy">${policy.reportThreshold > 0 ? m.policy(policy.reportThreshold, premoderation) : m.policyNoThreshold(premoderation)}</p>
        <button type="button" class="refresh" @click=${() => this.refresh()}>${m.refresh}</button>
      </header>
      <p class="announce" role="status">${this.announcement}</p>
      ${renderTabs('moderation', m.sections, TABS.map((key) => ({ key, label: m.tabs[key] })), tab, this.handleTab)}
      ${renderPanel('moderation', tab, this.sections[tab].render())}`;
  }
}
