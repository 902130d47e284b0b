// 编辑 and 删除 on a signed-in reader's own floors: fetched after the floors have painted (a floor
// of the viewer's asks for it), so embed.js carries none of it for the readers who never see them.
import { ContextConsumer, html, loadElement, nothing, sessionContext, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from '../lazy/kit.js';
import type { Floor } from '@teahouse/protocol';
import type { CommentUpdatedDetail } from '../base/teahouse-element.js';
import type { Messages } from '../i18n/messages.js';
import type { EditMode } from './edit.js';

export interface OwnerHost extends ReactiveControllerHost, HTMLElement {
  floor: Floor | undefined;
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * 编辑 and 删除 on the reader's own floor, within the site's edit window. The edit form and the
 * deletion's confirmation are `<teahouse-edit>`, whose code loads on the first press of either:
 * the pressed button is busy until it has, and an error says so when it cannot.
 */
export class OwnerController implements ReactiveController {
  private readonly session = new ContextConsumer(this.host, sessionContext);
  /** What is open. */
  private mode: EditMode | null = null;
  /** What is being opened while its code loads. */
  private opening: EditMode | null = null;
  private failed = false;

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

  private open(mode: EditMode): void {
    if (this.opening) return;
    this.opening = mode;
    this.failed = false;
    this.host.requestUpdate();
    loadElement('teahouse-edit')
      .then(() => (this.mode = mode), () => (this.failed = true))
      .finally(() => {
        this.opening = null;
        this.host.requestUpdate();
      });
  }

  /** Cancelled: back to the button that opened it. */
  private handleClose = (): void => {
    const button = this.mode === 'edit' ? '.edit' : '.delete';
    this.mode = null;
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>(button)?.focus());
  };

  /** Saved or deleted: the floor shows its new state. */
  private handleUpdated = (event: CustomEvent<CommentUpdatedDetail>): void => {
    this.mode = null;
    this.host.floor = event.detail.floor;
  };

  private renderEdit(floor: Floor, mode: EditMode): TemplateResult {
    return html`<teahouse-edit .floor=${floor} mode=${mode} @teahouse-edit-close=${this.handleClose}
      @teahouse-comment-updated=${this.handleUpdated}></teahouse-edit>`;
  }

  /** Edit and delete buttons (or the deletion's confirmation) for the action row. */
  renderButtons(m: Messages, floor: Floor, label: string): TemplateResult | typeof nothing {
    if (!this.mine(floor) || this.mode === 'edit') return nothing;
    if (this.mode === 'confirm') return this.renderEdit(floor, 'confirm');
    const button = (mode: EditMode, name: string, text: string) => {
      const busy = this.opening === mode ? 'true' : 'false';
      return html`<button type="button" class="link-button ${mode === 'edit' ? 'edit' : 'delete'}" aria-label=${name}
        aria-busy=${busy} aria-disabled=${busy} @click=${() => this.open(mode)}>${text}</button>`;
    };
    return html`${button('edit', m.editFloor(label), m.edit)}${button('confirm', m.deleteFloor(label), m.delete)}${
      this.failed ? html`<span class="error" role="alert">${m.errors.unknown}</span>` : nothing}`;
  }

  /** The edit form, shown in place of the body while editing. */
  renderEditor(floor: Floor): TemplateResult {
    return this.renderEdit(floor, 'edit');
  }
}
