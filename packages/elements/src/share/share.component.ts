import {
  ConnectionController, ContextConsumer, LocalizeController, TeahouseElement, html, nothing, property, sessionContext, state, storedVisitor,
  type CSSResult, type GetToken, type TeahouseClient, type TemplateResult,
} from '../lazy/kit.js';
import { REFERRAL_PARAM, isHttpUrl, type FloorAward, type PointsRules, type ShareChannel, type ShareStatus } from '@teahouse/protocol';
import { rewardsApi } from '@teahouse/client/rewards';
import {
  channelsToShow, emailUrl, inWechatBrowser, isWebChannel, isWechatChannel, pageMetadata, pointsFor, sharePageUrl, withoutParam,
  type ShareData,
} from './channels.js';
import { catalogs, type ShareMessages } from './messages.js';
import { qrPath, type QrPath } from './qr.js';
import { styles } from './share.styles.js';

/** `teahouse-share`: a tracked link is ready for `channel`, with what the host page says about itself. */
export interface ShareDetail extends ShareData {
  channel: ShareChannel;
}

declare module '../base/teahouse-element.js' {
  interface TeahouseEventMap {
    'teahouse-share': CustomEvent<ShareDetail>;
    /** The reader earned points (here: a share press under an `intent` rule). */
    'teahouse-award': CustomEvent<FloorAward>;
  }
}

/** Where the element is: the page shared, and whether a reader is signed in to get tracked links. */
interface Place {
  site: string;
  page: string;
  pageUrl: string | undefined;
  pageTitle: string | undefined;
  /** Who is reading: the reader's id (inside comments) or token (standalone); null when anonymous. */
  reader: string | null;
  loginUrl: string | null;
}

/** What the open dialog shows: the QR code of a link, or (inside WeChat) where its share menu is. */
type Dialog = { kind: 'qr' | 'wechat'; channel: ShareChannel; url: string };

const GLYPHS: Record<ShareChannel, string> = {
  wechat_moments: '圈', wechat_group: '群', wechat_friend: '友', weibo: '微', qq: 'Q', qzone: '空', link: '链', system: '⋯',
  x: '𝕏', facebook: 'f', linkedin: 'in', email: '@',
};
/** The site's rules (asked for once per client, whoever asks); null when they cannot be had (the bar then shows no hints). */
const rulesFor = (client: TeahouseClient): Promise<PointsRules | null> => rewardsApi(client).pointsRules().catch(() => null);

/** Runs `ask` after the current task: the thread around the bar paints before the bar asks the server anything. */
const later = (ask: () => void) => void setTimeout(ask);

/**
 * A share bar: the article to WeChat Moments, a WeChat group or friend, Weibo, QQ, QZone, a copied
 * link or the system share sheet, each button with what it earns and what the reader already
 * earned. Every press makes (or reuses) the reader's tracked link for the channel; points are earned
 * when someone else opens it, never because a share callback said so. WeChat cannot be opened from
 * a page: on other browsers its channels show a QR code of the link to scan, and inside WeChat's own
 * browser where its ••• menu is. Inside `<teahouse-comments>` it uses the comments' client and
 * reader; standalone it takes `server`, `site`, `page` and a reader `token`.
 *
 * @summary Share channels with their points, WeChat QR codes and copy link.
 * @tagname teahouse-share
 * @fires {CustomEvent<ShareDetail>} teahouse-share - A tracked link is ready; cancelable (cancel to share it yourself), detail
 *   `{channel, url, title, summary, image}`. Inside WeChat, set the JS-SDK's share data from it.
 * @fires {CustomEvent<FloorAward>} teahouse-award - A press earned points at once (a channel whose rule counts the press); detail `{action: 'share', channel, points, currency}`.
 * @fires {CustomEvent<LoginRequestDetail>} teahouse-login-request - An anonymous reader pressed 登录; cancelable, detail `{loginUrl, action: 'login'}`.
 * @csspart base - The bar.
 * @csspart channel - Each channel's button.
 * @csspart hint - What a channel earns, or what it earned.
 * @csspart dialog - The QR code and WeChat dialog.
 * @csspart qr - The QR code (`<svg>`).
 * @cssproperty --teahouse-share-accent - Hints and focus (falls back to `--teahouse-sys-accent`).
 * @cssproperty --teahouse-share-border - Buttons and the bar's rules.
 * @cssproperty --teahouse-share-muted - Secondary text.
 */
export class TeahouseShare extends TeahouseElement {
  static override styles: CSSResult[] = styles;
  private readonly l = new LocalizeController(this);
  private readonly connection = new ConnectionController(this, { onReader: () => this.requestUpdate() });
  private readonly sessionContext = new ContextConsumer(this, sessionContext);

  private rulesClient: TeahouseClient | undefined;
  /** Tracked links made so far, for the reader and page in `linksFor`. */
  private links = new Map<ShareChannel, string>();
  private linksFor = '';
  private statusFor = '';
  /** The button that opened the dialog, focused again when it closes. */
  private opener: HTMLElement | null = null;
  @state() private rules: PointsRules | null = null;
  @state() private status: ShareStatus | null = null;
  @state() private busy: ShareChannel | null = null;
  @state() private message = '';
  /** A link shown in a field to copy by hand, or a share page to open when its pop-up was blocked. */
  @state() private shown: { kind: 'link' | 'page'; channel: ShareChannel; href: string } | null = null;
  @state() private dialog: Dialog | null = null;
  @state() private qr: { url: string; path: QrPath } | null = null;

  /** Base URL of the Teahouse server (standalone). */
  @property() server = '';
  /** Site id (standalone). */
  @property() site = '';
  /** The host's id of the article page (standalone). */
  @property() page = '';
  /** Canonical URL of the article (standalone); the tracked link is made from it when the thread has none. */
  @property({ attribute: 'page-url' }) pageUrl: string | undefined = undefined;
  /** Title of the article (standalone); share pages take `og:title` first. */
  @property({ attribute: 'page-title' }) pageTitle: string | undefined = undefined;
  /** The reader's host SSO token (standalone). Without one, readers share the plain page link. */
  @property() token: string | null | undefined = undefined;
  /** Fetches a reader token from the host (standalone), as `<teahouse-comments>`' `getToken` does. */
  @property({ attribute: false }) getToken: GetToken | undefined = undefined;
  /** Channels to show, in order, separated by spaces (e.g. `"wechat_moments weibo link"`). Default: from the site's share rules. */
  @property() channels: string | undefined = undefined;
  /** `light` (default), `dark`, or `auto` (standalone; inside comments it follows theirs). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' | undefined = undefined;

  private get m(): ShareMessages {
    return catalogs[this.l.locale];
  }

  private get client(): TeahouseClient | undefined {
    return this.connection.client;
  }

  private get place(): Place | undefined {
    const session = this.sessionContext.value;
    if (session) {
      return {
        site: session.site.id, page: session.page, pageUrl: session.pageUrl, pageTitle: session.pageTitle,
        reader: session.viewer?.user.id ?? null, loginUrl: session.site.loginUrl,
      };
    }
    if (!this.site || !this.page) return undefined;
    return { site: this.site, page: this.page, pageUrl: this.pageUrl, pageTitle: this.pageTitle, reader: this.connection.reader ?? null, loginUrl: null };
  }

  /** Hints hidden inside WeChat's browser unless the site opted in to WeChat rewards. */
  private get hints(): boolean {
    return !!this.rules && (!inWechatBrowser() || this.rules.wechatRewards);
  }

  protected override willUpdate(): void {
    const client = this.client;
    const place = this.place;
    if (client !== this.rulesClient) {
      this.rulesClient = client;
      this.rules = null;
      if (client) {
        later(() => void rulesFor(client).then((rules) => {
          if (this.rulesClient === client) this.rules = rules;
        }));
      }
    }
    const key = client && place ? `${place.site}\n${place.page}\n${place.reader ?? ''}` : '';
    if (key !== this.linksFor) {
      this.linksFor = key;
      this.links = new Map();
      this.shown = null;
      this.message = '';
    }
    if (key !== this.statusFor) {
      this.statusFor = key;
      this.status = null;
      if (client && place?.reader) {
        const page = place.page;
        later(() => rewardsApi(client).shareStatus(page).then((status) => {
          if (this.statusFor === key) this.status = status;
        }, () => undefined));
      }
    }
  }

  private async linkFor(channel: ShareChannel, place: Place, client: TeahouseClient): Promise<string> {
    const known = this.links.get(channel);
    if (known) return known;
    const plain = withoutParam(isHttpUrl(place.pageUrl) ? place.pageUrl : location.href, REFERRAL_PARAM);
    // Tracked links are made for signed-in readers only; anonymous readers share the page as it is.
    if (!place.reader) return plain;
    const key = this.linksFor;
    const visitor = storedVisitor(place.site);
    const share = await rewardsApi(client).share({
      page: place.page, channel, url: plain,
      ...(place.pageTitle ? { title: place.pageTitle.slice(0, 300) } : {}),
      ...(visitor ? { visitor } : {}),
    });
    if (share.earned) {
      this.emit('teahouse-award', { action: 'share', channel, points: share.points, currency: this.rules?.currency.name ?? '' });
      if (this.status) {
        this.status = {
          channels: this.status.channels.map((row) => (row.channel === channel ? { ...row, earned: row.earned + share.points } : row)),
        };
      }
    }
    const url = share.url ?? plain;
    if (key === this.linksFor) this.links.set(channel, url);
    return url;
  }

  private async handlePress(channel: ShareChannel, button: HTMLElement): Promise<void> {
    const client = this.client;
    const place = this.place;
    if (!client || !place || this.busy) return;
    const m = this.m;
    // A window opened after an await is a pop-up the browser blocks: open it now, fill it in later.
    const popup = isWebChannel(channel) ? window.open('about:blank', '_blank') : null;
    if (popup) popup.opener = null;
    this.busy = channel;
    this.message = this.links.has(channel) ? '' : m.preparing;
    this.shown = null;
    let url: string;
    try {
      url = await this.linkFor(channel, place, client);
    } catch {
      popup?.close();
      this.message = m.failed;
      return;
    } finally {
      this.busy = null;
    }
    this.message = '';
    const detail: ShareDetail = { channel, url, ...pageMetadata(document, place.pageTitle) };
    if (!this.emit('teahouse-share', detail, true)) {
      popup?.close();
      return;
    }
    if (isWechatChannel(channel)) return this.openDialog({ kind: inWechatBrowser() ? 'wechat' : 'qr', channel, url }, button);
    if (isWebChannel(channel)) {
      const page = sharePageUrl(channel, detail);
      if (popup) popup.location.href = page;
      else this.shown = { kind: 'page', channel, href: page };
      return;
    }
    if (channel === 'email') {
      // The mail app opens over the page; the link stays shown for readers without one.
      const draft = emailUrl(detail);
      this.shown = { kind: 'page', channel, href: draft };
      location.assign(draft);
      return;
    }
    if (channel === 'system') {
      try {
        await navigator.share({ title: detail.title, text: detail.summary, url });
        return;
      } catch (error) {
        // The reader closed the sheet: nothing to say. Otherwise fall through to copying the link.
        if ((error as Error | null)?.name === 'AbortError') return;
      }
    }
    await this.copyLink(channel, url);
  }

  /** Copies `url`; where the clipboard refuses, shows it selected in a field to copy by hand. */
  private async copyLink(channel: ShareChannel, url: string): Promise<void> {
    this.shown = { kind: 'link', channel, href: url };
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      await this.updateComplete;
      const field = this.renderRoot.querySelector<HTMLInputElement>('.link-field input');
      field?.select();
      try {
        // Older browsers, and clipboards closed to pages without focus: copy the selection.
        copied = !!field && document.execCommand('copy');
      } catch {
        copied = false;
      }
    }
    this.message = copied ? this.m.copied : this.m.copyByHand;
  }

  private openDialog(dialog: Dialog, opener: HTMLElement): void {
    this.dialog = dialog;
    this.opener = opener;
    if (dialog.kind === 'qr' && this.qr?.url !== dialog.url) {
      this.qr = null;
      qrPath(dialog.url).then((path) => {
        if (this.dialog?.url === dialog.url) this.qr = { url: dialog.url, path };
      }, () => {
        if (this.dialog?.url === dialog.url) this.message = this.m.failed;
      });
    }
    void this.updateComplete.then(() => {
      const element = this.renderRoot.querySelector('dialog');
      if (element && !element.open) element.showModal();
      element?.querySelector<HTMLElement>('.close')?.focus();
    });
  }

  private handleDialogKey(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;
    // Closing is all this Escape does: a dialog of the host page around the widget stays open.
    event.preventDefault();
    event.stopPropagation();
    this.closeDialog();
  }

  private handleLogin(): void {
    const loginUrl = this.place?.loginUrl ?? null;
    if (this.emit('teahouse-login-request', { loginUrl, action: 'login' }, true) && loginUrl) location.assign(loginUrl);
  }

  /** Closes the QR or WeChat dialog, if open, and puts focus back on the button that opened it. */
  closeDialog(): void {
    const element = this.renderRoot.querySelector('dialog');
    if (element?.open) element.close();
    if (!this.dialog) return;
    this.dialog = null;
    this.opener?.focus();
    this.opener = null;
  }

  override render(): TemplateResult {
    const m = this.m;
    const rules = this.rules;
    const channels = channelsToShow(rules, this.channels, typeof navigator.share === 'function');
    const currency = rules?.currency.name ?? '';
    const hints = this.hints;
    const earning = hints && channels.some((channel) => pointsFor(rules, channel) > 0);
    const anonymous = !this.place?.reader;
    return html`
      <div part="base" role="group" aria-label=${m.title}>
        <p class="lead" aria-hidden="true">${m.shareTo}</p>
        <ul class="channels">${channels.map((channel) => this.renderChannel(channel, hints, currency))}</ul>
        ${earning && anonymous
          ? html`<p class="note">${m.loginPrompt(html`<button type="button" class="link-button login" @click=${this.handleLogin}>${m.login}</button>`, currency)}</p>`
          : earning ? html`<p class="note">${m.howItEarns(currency)}</p>` : nothing}
        ${this.renderShown()}
        <p class="status" role="status">${this.message}</p>
        ${this.renderDialog()}
      </div>
    `;
  }

  private renderChannel(channel: ShareChannel, hints: boolean, currency: string): TemplateResult {
    const m = this.m;
    const points = hints ? pointsFor(this.rules, channel) : 0;
    const row = this.status?.channels.find((c) => c.channel === channel);
    const hint = points <= 0 ? nothing
      : row?.exhausted ? html` <span part="hint" class="exhausted">${m.exhausted}</span>`
        : row && row.earned > 0 ? html` <span part="hint" class="earned">${m.earns(points, currency)} · ${m.earned(row.earned, currency)}</span>`
          : html` <span part="hint">${m.earns(points, currency)}</span>`;
    return html`<li>
      <button type="button" part="channel" class=${channel} data-channel=${channel} aria-busy=${this.busy === channel ? 'true' : 'false'}
        aria-haspopup=${isWechatChannel(channel) ? 'dialog' : nothing}
        @click=${(event: Event) => this.handlePress(channel, event.currentTarget as HTMLElement)}>
        <span class="icon" aria-hidden="true">${GLYPHS[channel]}</span><span class="name">${m.channels[channel]}</span>${hint}
      </button>
    </li>`;
  }

  private renderShown(): TemplateResult | typeof nothing {
    const shown = this.shown;
    if (!shown) return nothing;
    const m = this.m;
    if (shown.kind === 'page') {
      return html`<p class="note"><a href=${shown.href} target="_blank" rel="noopener">${m.openSharePage(m.channels[shown.channel])}</a></p>`;
    }
    return html`<label class="link-field">${m.link}
      <input type="text" readonly .value=${shown.href} @focus=${(event: Event) => (event.target as HTMLInputElement).select()}>
      <button type="button" class="copy" @click=${() => this.copyLink(shown.channel, shown.href)}>${m.copy}</button>
    </label>`;
  }

  private renderDialog(): TemplateResult | typeof nothing {
    const dialog = this.dialog;
    // Only while open: a closed <dialog> still costs every accessibility audit of the page.
    if (!dialog) return nothing;
    const m = this.m;
    const name = m.channels[dialog.channel];
    const qr = this.qr && this.qr.url === dialog.url ? this.qr.path : null;
    return html`<dialog part="dialog" class=${dialog.kind === 'wechat' ? 'wechat-guide' : ''} aria-labelledby="share-dialog-title"
      @keydown=${this.handleDialogKey} @close=${() => this.closeDialog()}>
      ${dialog.kind === 'wechat' ? html`
        <span class="arrow" aria-hidden="true">↗</span>
        <h2 id="share-dialog-title">${m.wechatTitle(name)}</h2>
        <p>${m.wechatGuide(dialog.channel)}</p>
      ` : html`
        <h2 id="share-dialog-title">${m.qrTitle(name)}</h2>
        ${qr
          ? html`<svg part="qr" role="img" aria-label=${m.qrLabel} data-url=${dialog.url} viewBox="-4 -4 ${qr.size + 8} ${qr.size + 8}"
              shape-rendering="crispEdges"><rect x="-4" y="-4" width=${qr.size + 8} height=${qr.size + 8} fill="#fff"></rect><path d=${qr.d} fill="#000"></path></svg>`
          : html`<div class="qr-wait" aria-busy="true">${m.preparing}</div>`}
        <ol>${m.qrSteps(dialog.channel).map((step) => html`<li>${step}</li>`)}</ol>
        <label class="link-field">${m.link}<input type="text" readonly .value=${dialog.url}></label>
      `}
      <div class="actions"><button type="button" class="copy close" @click=${() => this.closeDialog()}>${m.close}</button></div>
    </dialog>`;
  }
}

