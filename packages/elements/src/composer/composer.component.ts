import {
  ContextConsumer, LocalizeController, MAX_BODY_LENGTH, MAX_GUEST_NAME, TeahouseElement, clientContext, errorMessage, html, isHttpUrl,
  nothing, property, renderNode, sessionContext, state, type CSSResult, type PropertyValues, type TemplateResult,
} from '../lazy/kit.js';
import type { RootNode } from '@teahouse/protocol';
import type { ReplyMode } from '../base/teahouse-element.js';
import { catalogs, type ComposerMessages } from './messages.js';
import { styles } from './composer.styles.js';

/** The floor the composer replies to or quotes. */
export interface ReplyTarget {
  number: number;
  mode: ReplyMode;
  author?: string | null | undefined;
}

/**
 * Writes a reply, a quote-reply or a new floor; shows the login prompt to anonymous readers (with
 * the form and a nickname field where the site has guest mode on). Posts through the client and
 * session that `<teahouse-comments>` provides, which loads its code once the thread is on screen.
 *
 * @summary Reply form and login prompt.
 * @tagname teahouse-composer
 * @fires {CustomEvent<CommentCreatedDetail>} teahouse-comment-created - A floor was posted; detail `{floor}`.
 * @fires {CustomEvent<LoginRequestDetail>} teahouse-login-request - The reader pressed 登录 or 立即注册; cancelable, detail `{loginUrl, action}`.
 * @fires {CustomEvent<GuestDetail>} teahouse-guest - An anonymous reader posted under a nickname (guest mode); detail `{token, author}`, sent before the post.
 * @fires {CustomEvent<ErrorDetail>} teahouse-error - Posting failed; detail `{error, during: 'post'}`.
 * @csspart base - The composer's box.
 * @csspart textarea - The text field.
 * @csspart submit - The submit button.
 * @csspart preview - The formatted preview (预览).
 * @cssproperty --teahouse-composer-accent - Submit button and links.
 * @cssproperty --teahouse-composer-border - Box and field borders.
 */
export class TeahouseComposer extends TeahouseElement {
  static override styles: CSSResult[] = styles;
  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, clientContext);
  private readonly session = new ContextConsumer(this, sessionContext);

  @state() private sending = false;
  @state() private error: string | null = null;
  /** The formatted preview while it is shown (an empty tree while it loads); null while writing. */
  @state() private preview: RootNode | null = null;
  /** The 表情 panel is open. */
  @state() private emoji = false;
  /** Where the text field's selection was when the panel opened: a pick replaces it. */
  private selection: [number, number] = [0, 0];

  private get cm(): ComposerMessages {
    return catalogs[this.l.locale];
  }

  /** The floor being replied to or quoted; null for a plain new floor. */
  @property({ attribute: false }) replyTo: ReplyTarget | null = null;
  /** The text in the field. */
  @property() value = '';

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('replyTo') && this.replyTo) this.error = null;
  }

  /** Where the server serves the site's stickers, for the preview. */
  private get stickers(): string | undefined {
    const client = this.client.value;
    return client && `${client.origin}/v1/sites/${client.site}/stickers/`;
  }

  private get maxLength(): number {
    return this.session.value?.site.maxBodyLength ?? MAX_BODY_LENGTH;
  }

  private handleInput(event: Event): void {
    this.value = (event.target as HTMLTextAreaElement).value;
  }

  private handleKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void this.submit();
    }
  }

  private handleSubmit(event: Event): void {
    event.preventDefault();
    void this.submit();
  }

  /** Toggles between the text field and the server's rendering of it (the same parser as posting). */
  private async handlePreview(): Promise<void> {
    const client = this.client.value;
    if (this.preview || !client || !this.value.trim()) {
      this.preview = null;
      return;
    }
    this.preview = { type: 'root', children: [] };
    this.error = null;
    try {
      const tree = await client.preview(this.value.trim());
      if (this.preview) this.preview = tree;
    } catch (error) {
      this.preview = null;
      this.error = errorMessage(this.l.m, error);
    }
  }

  /** Opens the 表情 panel (its code loads on the first press) and moves focus into it, or closes it. */
  private async handleEmoji(): Promise<void> {
    if (this.emoji) {
      this.emoji = false;
      return;
    }
    const field = this.renderRoot.querySelector('textarea');
    this.selection = field ? [field.selectionStart, field.selectionEnd] : [this.value.length, this.value.length];
    try {
      // A chunk of the composer's own, fetched on the first press: embed.js does not name it.
      await import('./emoji/emoji-panel.js');
    } catch (error) {
      this.error = errorMessage(this.l.m, error);
      return;
    }
    this.emoji = true;
    await this.updateComplete;
    this.renderRoot.querySelector('teahouse-emoji-panel')?.focus();
  }

  /** Puts the pick where the selection was, closes the panel and gives focus back to the text field, after the pick. */
  private async handleEmojiPick(event: CustomEvent<{ text: string }>): Promise<void> {
    const [start, end] = this.selection;
    const text = event.detail.text;
    this.value = this.value.slice(0, start) + text + this.value.slice(end);
    this.emoji = false;
    await this.updateComplete;
    const field = this.renderRoot.querySelector('textarea');
    const caret = start + text.length;
    field?.focus();
    field?.setSelectionRange(caret, caret);
  }

  /** Escape in the panel: closed, and focus back on the button that opened it. */
  private async handleEmojiClose(): Promise<void> {
    this.emoji = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('.emoji')?.focus();
  }

  private handleCancelReply(): void {
    this.replyTo = null;
    this.focus();
  }

  private handleLogin(event: Event, action: 'login' | 'register'): void {
    const site = this.session.value?.site;
    const loginUrl = (action === 'login' ? site?.loginUrl : site?.registerUrl) ?? null;
    // A host that handles login itself cancels the event; the link then does not navigate.
    if (!this.emit('teahouse-login-request', { loginUrl, action }, true)) event.preventDefault();
  }

  /** Moves focus to the text field. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector('textarea')?.focus(options);
  }

  /** Posts the text in the field. Resolves when done; errors are shown in the form. */
  async submit(): Promise<void> {
    const client = this.client.value;
    const session = this.session.value;
    const body = this.value.trim();
    // Guest mode: an anonymous reader's nickname, traded for a guest token before the post.
    const nick = this.renderRoot.querySelector('input');
    if (!client || !session || this.sending) return;
    if (!body || (nick && !nick.value.trim())) {
      (body ? nick! : this).focus();
      return;
    }
    if (this.value.length > this.maxLength) {
      this.error = this.cm.tooLong(this.maxLength);
      return;
    }
    this.sending = true;
    this.error = null;
    const target = this.replyTo;
    try {
      // `<teahouse-comments>` hands the token to the client as the event passes.
      if (nick) this.emit('teahouse-guest', await client.guest(nick.value));
      const floor = await client.post({
        page: session.page,
        body,
        ...(isHttpUrl(session.pageUrl) ? { url: session.pageUrl } : {}),
        ...(session.pageTitle ? { title: session.pageTitle } : {}),
        ...(target?.mode === 'reply' ? { parent: target.number } : {}),
        ...(target?.mode === 'quote' ? { quote: target.number } : {}),
      });
      this.value = '';
      this.replyTo = null;
      this.preview = null;
      this.emit('teahouse-comment-created', { floor });
    } catch (error) {
      this.error = errorMessage(this.l.m, error, (iso) => this.l.absolute(iso));
      this.emit('teahouse-error', { error, during: 'post' });
    } finally {
      this.sending = false;
    }
  }

  override render(): TemplateResult | typeof nothing {
    const session = this.session.value;
    if (!session) return nothing;
    return session.viewer || session.site.guests ? this.renderForm() : html`<div part="base">${this.renderPrompt()}</div>`;
  }

  private renderPrompt(): TemplateResult {
    const { cm } = this;
    const site = this.session.value?.site;
    const link = (url: string | null | undefined, text: string, action: 'login' | 'register') =>
      url
        ? html`<a href=${url} @click=${(e: Event) => this.handleLogin(e, action)}>${text}</a>`
        : html`<button type="button" @click=${(e: Event) => this.handleLogin(e, action)}>${text}</button>`;
    return html`
      <p class="prompt">
        ${cm.loginBefore} ${link(site?.loginUrl, cm.login, 'login')} ${cm.loginAfter}
        ${site?.registerUrl ? html`· ${link(site.registerUrl, cm.register, 'register')}` : nothing}
      </p>
    `;
  }

  private renderForm(): TemplateResult {
    const { m } = this.l;
    const { cm } = this;
    const target = this.replyTo;
    const max = this.maxLength;
    const length = this.value.length;
    const over = length > max;
    const guest = !this.session.value?.viewer;
    return html`
      <form part="base" @submit=${this.handleSubmit} aria-busy=${this.sending ? 'true' : 'false'}>
        ${target
          ? html`<div class="chip">
              <span>${(target.mode === 'quote' ? cm.quoting : cm.replyingTo)(this.l.floor(target.number))}</span>
              <button type="button" aria-label=${cm.cancelReply} title=${m.cancel} @click=${this.handleCancelReply}>✕</button>
            </div>`
          : nothing}
        ${guest
          ? html`<input name="name" maxlength=${MAX_GUEST_NAME} placeholder=${cm.guestName} aria-label=${cm.guestName}
              ?disabled=${this.sending} />`
          : nothing}
        <label for="body">${cm.composerLabel}</label>
        <textarea id="body" part="textarea" name="body" .value=${this.value} placeholder=${cm.composerPlaceholder}
          ?disabled=${this.sending} aria-invalid=${over ? 'true' : 'false'} aria-describedby="counter"
          ?hidden=${!!this.preview} @input=${this.handleInput} @keydown=${this.handleKeydown}></textarea>
        ${this.preview
          ? html`<div class="preview" part="preview" aria-busy=${this.preview.children.length ? 'false' : 'true'}>${renderNode(this.preview, this.stickers)}</div>`
          : nothing}
        ${this.emoji
          ? html`<teahouse-emoji-panel lang=${this.l.locale} @teahouse-emoji-pick=${this.handleEmojiPick}
              @teahouse-emoji-close=${this.handleEmojiClose}></teahouse-emoji-panel>`
          : nothing}
        <div class="row">
          <span id="counter" class="counter ${over ? 'over' : ''}">${cm.counter(length, max)}</span>
          <button type="button" class="link-button toggle emoji" aria-haspopup="dialog" aria-expanded=${this.emoji ? 'true' : 'false'}
            ?disabled=${this.sending || !!this.preview} @click=${this.handleEmoji}>${cm.emoji}</button>
          <button type="button" class="link-button toggle" aria-pressed=${this.preview ? 'true' : 'false'}
            @click=${this.handlePreview}>${cm.preview}</button>
          <button type="submit" part="submit" class="submit" ?disabled=${this.sending || over}>
            ${this.sending ? cm.sending : cm.submit}
          </button>
        </div>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${guest ? this.renderPrompt() : nothing}
      </form>
    `;
  }
}
