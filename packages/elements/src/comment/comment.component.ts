import { html, isServer, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { isSafeImageUrl, type Author, type Floor } from '@teahouse/protocol';
import { TeahouseElement, type ReplyMode } from '../base/teahouse-element.js';
import { ContextConsumer, clientContext, sessionContext } from '../context.js';
import { afterPaint, loadElement, loadModule, loadedModule } from '../lazy/lazy.js';
import { LocalizeController } from '../i18n/localize.js';
import { renderNode } from '../rich-text/render.js';
import { styles } from './comment.styles.js';
// Types only: 编辑 and 删除 on the viewer's own floors are a chunk fetched after first paint.
import type { OwnerController } from '../edit/owner.js';

type Owner = typeof import('../edit/owner.js');

/**
 * One floor of a thread: avatar, name, 楼主 and 游客 (guest) badges, relative time, floor label, quote block,
 * body and actions.
 *
 * @summary One floor of a thread.
 * @tagname teahouse-comment
 * @fires {CustomEvent<ReplyRequestDetail>} teahouse-reply-request - The reader pressed 回复 or 引用; detail `{number, mode, author}`.
 * @fires {CustomEvent<AuthorFilterDetail>} teahouse-author-filter - The reader pressed 只看该作者; detail `{author}`.
 * @fires {CustomEvent<CommentUpdatedDetail>} teahouse-comment-updated - The reader edited or deleted their floor; detail `{floor}`.
 * @fires {CustomEvent<ReportDetail>} teahouse-report - From the report form (`<teahouse-report>`, loaded when 举报 is first pressed).
 * @csspart base - The floor's outer box.
 * @csspart reactions - The floor's reaction row (`<teahouse-reactions>`).
 * @csspart reaction - Each reaction button of that row.
 * @cssproperty --teahouse-comment-accent - Badge and link colour (falls back to `--teahouse-sys-accent`).
 * @cssproperty --teahouse-comment-text - Text colour.
 * @cssproperty --teahouse-comment-muted - Time, floor label and actions.
 * @cssproperty --teahouse-comment-border - Separator between floors.
 * @cssproperty --teahouse-comment-avatar - Background of letter avatars.
 */
export class TeahouseComment extends TeahouseElement {
  static override styles = styles;
  private readonly l = new LocalizeController(this);
  /** 编辑 and 删除, once this is the viewer's floor and their code has arrived. */
  private owner: OwnerController | undefined;
  private readonly session = new ContextConsumer(this, sessionContext);
  private readonly client = new ContextConsumer(this, clientContext);
  /** The number of the floor whose report form is open (the element may be handed another floor). */
  @state() private reporting: number | null = null;

  /** The floor to show. */
  @property({ attribute: false }) floor: Floor | undefined = undefined;
  /** Hides the reply and quote buttons (e.g. for anonymous readers on read-only pages). */
  @property({ type: Boolean, attribute: 'no-actions' }) noActions = false;
  /** Name shown as "回复 @name" above the body: the nested view sets it below its depth cap. */
  @property({ attribute: false }) replyTo: string | null = null;

  protected override willUpdate(): void {
    const viewer = this.session.value?.viewer?.user;
    if (this.owner || isServer || !viewer || this.floor?.author?.id !== viewer.id) return;
    const ready = loadedModule('teahouse-owner') as Owner | undefined;
    // The floors paint without waiting for it: it is fetched once they have.
    if (ready) this.owner = new ready.OwnerController(this);
    else void afterPaint().then(() => loadModule('teahouse-owner')).then(() => this.requestUpdate(), () => undefined);
  }

  private handleAction(mode: ReplyMode): void {
    const floor = this.floor;
    if (!floor) return;
    this.emit('teahouse-reply-request', { number: floor.number, mode, author: floor.author?.name ?? null });
  }

  private handleOnlyAuthor(): void {
    if (this.floor?.author) this.emit('teahouse-author-filter', { author: this.floor.author });
  }

  /** Opens or closes the report form, whose code loads on first use. */
  private handleReport(): void {
    this.reporting = this.reporting === null ? this.floor!.number : null;
    loadElement('teahouse-report').catch(() => (this.reporting = null));
  }

  override render() {
    const floor = this.floor;
    if (!floor) return nothing;
    const { m } = this.l;
    const label = this.l.floor(floor.number);
    const viewer = this.session.value?.viewer?.user;
    const status = floor.status;
    // Moderators get hidden, pending and deleted floors with author and content, marked; an author their own pending floor.
    const shown = status === 'published' || !!floor.author;
    const mark = shown && status !== 'published' ? m.marks[status === 'pending' && floor.author?.id === viewer?.id ? 'review' : status] : '';
    const name = floor.author?.name ?? m.deletedAuthor;
    return html`
      <article part="base" id="floor-${floor.number}" class=${floor.kind === 'share_award' ? 'award' : ''}
        aria-label=${`${label} ${name}`}>
        ${this.renderAvatar(floor)}
        <div>
          <header>
            <bdi class="name">${name}</bdi>
            ${floor.isOp ? html`<span class="badge">${m.op}</span>` : nothing}
            ${floor.author?.role === 'guest' ? html`<span class="mark">${m.guest}</span>` : nothing}
            ${mark || floor.shadowed ? html`<span class="mark">${mark || m.marks.shadowed}</span>` : nothing}
            <time datetime=${floor.createdAt} title=${this.l.absolute(floor.createdAt)} tabindex="0">${this.l.relative(floor.createdAt)}</time><span
              class="visually-hidden">${this.l.absolute(floor.createdAt)}</span>
            ${floor.editedAt && shown ? html`<span class="edited" title=${this.l.absolute(floor.editedAt)}>${m.editedAt(this.l.relative(floor.editedAt))}</span>` : nothing}
            ${floor.region ? html`<span class="edited region">${m.region}${floor.region[this.l.locale]}</span>` : nothing}
            <a class="label" href="#floor-${floor.number}">${label}</a>
          </header>
          ${!shown
            ? html`<p class="deleted">${m.deletedFloor}</p>`
            : html`${this.renderQuote(floor)}${this.replyTo ? html`<p class="reply-to">${m.replyToName(html`<bdi>${this.replyTo}</bdi>`)}</p>` : nothing}${this.owner?.editing ? this.owner.renderEditor(floor) : this.renderBody(floor)}
                ${this.noActions || floor.kind !== 'reply' || mark ? nothing : this.renderActions(label, viewer)}`}
        </div>
      </article>
    `;
  }

  /** An award floor is worded from its `award` in the reader's locale; the stored body is the server's zh-CN sentence. */
  private renderBody(floor: Floor) {
    const award = floor.kind === 'share_award' ? floor.award : null;
    if (award && floor.author) {
      const parts = this.l.m.award(award, html`<bdi>${floor.author.name}</bdi>`);
      return html`<div class="body"><p>${parts}</p></div>`;
    }
    const client = this.client.value;
    return html`<div class="body">${renderNode(floor.body, client && `${client.origin}/v1/sites/${client.site}/stickers/`)}</div>`;
  }

  private renderAvatar(floor: Floor) {
    const author = floor.author;
    // A claimed avatar is requested by every reader's browser: https only (or the page's and the server's own origins).
    const origins = [...(isServer ? [] : [location.origin]), ...(this.client.value ? [this.client.value.origin] : [])];
    if (author?.avatar && isSafeImageUrl(author.avatar, origins)) {
      return html`<img class="avatar" src=${author.avatar} alt="" width="40" height="40" loading="lazy" referrerpolicy="no-referrer" />`;
    }
    const initial = Array.from(author?.name.trim() ?? '')[0] ?? '?';
    return html`<span class="avatar" aria-hidden="true">${initial.toUpperCase()}</span>`;
  }

  private renderQuote(floor: Floor) {
    const quote = floor.quote;
    if (!quote) return nothing;
    const { m } = this.l;
    const author = quote.author ?? m.deletedAuthor;
    return html`
      <blockquote class="quote">
        <a href="#floor-${quote.number}">${m.postedAt(html`<bdi>${author}</bdi>`, this.l.absolute(quote.createdAt))}</a>
        <p>${quote.status === 'published' ? quote.excerpt : quote.status === 'deleted' ? m.quoteDeleted : m.deletedFloor}</p>
      </blockquote>
    `;
  }

  private renderActions(label: string, viewer: Author | undefined) {
    const { m } = this.l;
    const author = this.floor!.author;
    const open = this.reporting === this.floor!.number;
    return html`
      <div class="actions">
        <button type="button" class="link-button" aria-label=${m.replyTo(label)} @click=${() => this.handleAction('reply')}>${m.reply}</button>
        <button type="button" class="link-button" aria-label=${m.quoteFloor(label)} @click=${() => this.handleAction('quote')}>${m.quote}</button>
        <teahouse-reactions compact .target=${this.floor!.number} .counts=${this.floor!.reactions} part="reactions"
          exportparts="button: reaction"></teahouse-reactions>
        ${this.floor?.author ? html`<button type="button" class="link-button" aria-label=${`${m.onlyAuthor} ${this.floor.author.name}`}
          @click=${this.handleOnlyAuthor}>${m.onlyAuthor}</button>` : nothing}
        ${this.owner?.renderButtons(m, this.floor!, label)}
        ${viewer && viewer.role !== 'guest' && author && author.id !== viewer.id ? html`<button type="button" class="link-button report" aria-expanded=${open}
          aria-label=${`${m.report} ${label}`} @click=${this.handleReport}>${m.report}</button>` : nothing}
      </div>
      ${open ? html`<teahouse-report .floor=${this.reporting}></teahouse-report>` : nothing}
    `;
  }
}
