import {
  ContextConsumer, property, state, HttpError, LocalizeController, TeahouseElement, clientContext, errorMessage, html, nothing, sessionContext,
  type TeahouseClient, type TemplateResult,
} from '../lazy/kit.js';
import type { Floor } from '@teahouse/protocol';
import { catalogs, type EditMessages } from './messages.js';

/** What `<teahouse-edit>` shows: the edit form, or the deletion's confirmation. */
export type EditMode = 'edit' | 'confirm';

/**
 * The reader's edit of their own floor, or the second press that deletes it. `<teahouse-comment>`
 * shows it in place of the floor's body (`mode="edit"`: a form fed with the floor's Markdown
 * source) or of its 编辑 and 删除 buttons (`mode="confirm"`), and loads its code on the first press
 * of either. It renders into the floor's own shadow root, so the floor's styles apply and focus
 * moves within the floor, and works through the client and session of `<teahouse-comments>`.
 *
 * @summary A floor's edit form or deletion confirmation.
 * @tagname teahouse-edit
 * @fires {CustomEvent<CommentUpdatedDetail>} teahouse-comment-updated - The floor was saved or deleted; detail `{floor}`, its new state.
 * @fires {CustomEvent<EditCloseDetail>} teahouse-edit-close - The reader cancelled; detail `{number}`.
 */
export class TeahouseEdit extends TeahouseElement {
  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, clientContext);
  private readonly session = new ContextConsumer(this, sessionContext);

  @state() private draft = '';
  @state() private busy = false;
  @state() private error: string | null = null;

  /** The floor to edit or delete. */
  @property({ attribute: false }) floor: Floor | undefined = undefined;
  /** `edit` (the form) or `confirm` (the deletion's second press). */
  @property() mode: EditMode = 'edit';

  private get m(): EditMessages {
    return catalogs[this.l.locale];
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override firstUpdated(): void {
    if (this.mode === 'confirm') return this.focusOn('.confirm');
    void this.run(async (client, page, number) => {
      this.draft = await client.source({ page, number });
    }).then(() => this.focusOn('textarea'));
  }

  private focusOn(selector: string): void {
    void this.updateComplete.then(() => this.querySelector<HTMLElement>(selector)?.focus());
  }

  /** Runs one request for the floor; a floor it returns is the floor's new state. */
  private async run(task: (client: TeahouseClient, page: string, number: number) => Promise<Floor | void>): Promise<void> {
    const client = this.client.value;
    const page = this.session.value?.page;
    if (!client || page === undefined || !this.floor || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const floor = await task(client, page, this.floor.number);
      if (floor) this.emit('teahouse-comment-updated', { floor });
    } catch (error) {
      this.error = error instanceof HttpError && error.status === 409 ? this.m.editExpired : errorMessage(this.l.m, error);
    } finally {
      this.busy = false;
    }
  }

  private handleSave(event: Event): void {
    event.preventDefault();
    const body = this.draft.trim();
    if (body) void this.run((client, page, number) => client.edit({ page, number, body }));
  }

  private handleCancel(): void {
    this.emit('teahouse-edit-close', { number: this.floor?.number ?? 0 });
  }

  override render(): TemplateResult {
    const { m } = this.l;
    const cancel = html`<button type="button" class="link-button" @click=${this.handleCancel}>${m.cancel}</button>`;
    if (this.mode === 'confirm') {
      return html`<button type="button" class="link-button danger confirm" ?disabled=${this.busy}
          @click=${() => this.run((client, page, number) => client.remove({ page, number }))}>${this.m.confirmDelete}</button>
        ${cancel}${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}`;
    }
    return html`<form class="editor" @submit=${this.handleSave} aria-busy=${this.busy ? 'true' : 'false'}>
      <textarea aria-label=${m.editFloor(this.l.floor(this.floor?.number ?? 0))} .value=${this.draft} ?disabled=${this.busy}
        @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.handleCancel()}></textarea>
      <div class="actions">
        <button type="submit" class="link-button save" ?disabled=${this.busy}>${this.m.save}</button>
        ${cancel}
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </form>`;
  }
}
