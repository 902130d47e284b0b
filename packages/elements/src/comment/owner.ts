import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '../context.js';
import { HttpError } from '@teahouse/client';
import type { Floor } from '@teahouse/protocol';
import { clientContext, sessionContext } from '../context.js';
import { errorMessage } from '../i18n/errors.js';
import type { Messages } from '../i18n/messages.js';

type Mode = 'idle' | 'edit' | 'confirm';

export interface OwnerHost extends ReactiveControllerHost, HTMLElement {
  floor: Floor | undefined;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Edit and delete for the reader's own floor, within the site's edit window: an inline editor
 * fed with the floor's Markdown source, and a deletion that asks for a second press.
 */
export class OwnerController implements ReactiveController {
  private readonly session = new ContextConsumer(this.host, { context: sessionContext, subscribe: true });
  private readonly client = new ContextConsumer(this.host, { context: clientContext, subscribe: true });
  private mode: Mode = 'idle';
  private draft = '';
  private busy = false;
  private error: string | null = null;

  constructor(private readonly host: OwnerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  get editing(): boolean {
    return this.mode === 'edit';
  }

  /** The viewer wrote this published reply and the site still lets them change it. */
  private mine(floor: Floor): boolean {
    const session = this.session.value;
    const viewer = session?.viewer?.user.id;
    return !!viewer && floor.author?.id === viewer && floor.status === 'published' && floor.kind === 'reply'
      && Date.now() - Date.parse(floor.createdAt) < session!.site.editWindowSeconds * 1000;
  }

  private set(mode: Mode, focus?: string): void {
    this.mode = mode;
    this.error = null;
    this.host.requestUpdate();
    if (focus) void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(focus)?.focus());
  }

  private async run(m: Messages, task: () => Promise<Floor | void>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.host.requestUpdate();
    try {
      const floor = await task();
      if (floor) {
        this.mode = 'idle';
        this.host.floor = floor;
        this.host.dispatchEvent(new CustomEvent('teahouse-comment-updated', { detail: { floor }, bubbles: true, composed: true }));
      }
    } catch (error) {
      this.error = error instanceof HttpError && error.status === 409 ? m.editExpired : errorMessage(m, error);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  private startEdit(m: Messages, floor: Floor): void {
    const { client, session } = this;
    if (!client.value || !session.value) return;
    this.set('edit');
    void this.run(m, async () => {
      this.draft = await client.value!.source({ page: session.value!.page, number: floor.number });
    }).then(() => this.host.renderRoot.querySelector<HTMLElement>('.editor textarea')?.focus());
  }

  private save(m: Messages, floor: Floor, event: Event): void {
    event.preventDefault();
    const body = this.draft.trim();
    const { client, session } = this;
    if (!body || !client.value || !session.value) return;
    void this.run(m, () => client.value!.edit({ page: session.value!.page, number: floor.number, body }));
  }

  private remove(m: Messages, floor: Floor): void {
    const { client, session } = this;
    if (!client.value || !session.value) return;
    void this.run(m, () => client.value!.remove({ page: session.value!.page, number: floor.number }));
  }

  /** Edit and delete buttons (or the deletion's confirmation) for the action row. */
  renderButtons(m: Messages, floor: Floor, label: string) {
    if (!this.mine(floor) || this.mode === 'edit') return nothing;
    if (this.mode === 'confirm') {
      return html`<button type="button" class="link-button danger confirm" ?disabled=${this.busy}
          @click=${() => this.remove(m, floor)}>${m.confirmDelete}</button>
        <button type="button" class="link-button" @click=${() => this.set('idle', '.delete')}>${m.cancel}</button>
        ${this.error ? html`<span class="error" role="alert">${this.error}</span>` : nothing}`;
    }
    return html`<button type="button" class="link-button edit" aria-label=${m.editFloor(label)}
        @click=${() => this.startEdit(m, floor)}>${m.edit}</button>
      <button type="button" class="link-button delete" aria-label=${m.deleteFloor(label)}
        @click=${() => this.set('confirm', '.confirm')}>${m.delete}</button>`;
  }

  /** The inline editor, shown in place of the body while editing. */
  renderEditor(m: Messages, floor: Floor, label: string) {
    return html`<form class="editor" @submit=${(e: Event) => this.save(m, floor, e)} aria-busy=${this.busy ? 'true' : 'false'}>
      <textarea aria-label=${m.editFloor(label)} .value=${this.draft} ?disabled=${this.busy}
        @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && this.set('idle', '.edit')}></textarea>
      <div class="actions">
        <button type="submit" class="link-button save" ?disabled=${this.busy}>${m.save}</button>
        <button type="button" class="link-button" @click=${() => this.set('idle', '.edit')}>${m.cancel}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </form>`;
  }
}
