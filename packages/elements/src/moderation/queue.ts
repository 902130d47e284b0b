import { html, nothing, renderNode, type TemplateResult } from '../lazy/kit.js';
import { isHttpUrl, type BanKind, type Floor, type FloorActionName, type FloorContext, type ModeratedFloor, type QueueKind } from '@teahouse/protocol';
import type { Desk } from './desk.js';
import { BAN_HOURS } from './messages.js';
import { ListPanel, type Page } from './paged.js';

/** A form open under a floor: the reason for hiding or deleting it, or a ban of its author. */
type Form = { id: string; kind: 'hide' | 'delete' | 'ban' };

/** The actions that apply to a floor as it is now, in the order they are offered. */
export function actionsFor(item: ModeratedFloor): FloorActionName[] {
  const { status, pinned } = item.floor;
  const actions: FloorActionName[] = [];
  if (item.queue || status === 'pending') actions.push('approve');
  if (status === 'published' || status === 'pending') actions.push('hide');
  if (status !== 'deleted') actions.push('delete');
  if (status === 'hidden' || status === 'deleted') actions.push('restore');
  if (status === 'published') actions.push(pinned ? 'unpin' : 'pin');
  return actions;
}

/**
 * One queue of `<teahouse-moderation>` (pending or reported floors, oldest first): each floor with
 * where it is, why it waits, its reports and the actions that apply to it now, its context on
 * demand, and a ban of its author. Floors acted on stay in the list with their new state until the
 * next refresh, so a hide can be undone at once.
 */
export class QueuePanel extends ListPanel<ModeratedFloor> {
  private form: Form | null = null;
  private readonly busy = new Set<string>();
  private readonly errors = new Map<string, string>();
  /** Context shown under a floor: loaded, loading (null) or failed (its message). */
  private readonly contexts = new Map<string, FloorContext | null | string>();

  constructor(desk: Desk, readonly kind: QueueKind) {
    super(desk);
  }

  protected async fetch(cursor: string | null): Promise<Page<ModeratedFloor>> {
    const { api, page, limit } = this.desk;
    const queue = await api.queue({ kind: this.kind, page, cursor, limit });
    return { items: queue.items, next: queue.next };
  }

  /** Loads the first page again and closes every form and context. */
  override reload(): Promise<void> {
    this.form = null;
    this.errors.clear();
    this.contexts.clear();
    return super.reload();
  }

  private replace(item: ModeratedFloor): void {
    this.list.update((old) => (old.floor.id === item.floor.id ? item : undefined));
  }

  private async run(id: string, task: () => Promise<void>): Promise<void> {
    this.busy.add(id);
    this.errors.delete(id);
    this.desk.requestUpdate();
    try {
      await task();
    } catch (error) {
      this.errors.set(id, this.desk.explain(error));
    } finally {
      this.busy.delete(id);
      this.desk.requestUpdate();
    }
  }

  private act(item: ModeratedFloor, action: FloorActionName, reason?: string): Promise<void> {
    const id = item.floor.id;
    return this.run(id, async () => {
      const { m, l } = this.desk;
      const result = await this.desk.api.act(id, action, reason);
      const label = l.floor(item.floor.number);
      this.form = null;
      this.replace(result.item);
      if (this.contexts.has(id)) void this.loadContext(id);
      this.desk.announce(result.changed ? m.acted[action](label) : m.unchanged(label));
      this.desk.focus(`[data-floor-id="${id}"] .actions button`);
    });
  }

  private ban(item: ModeratedFloor, form: HTMLFormElement): Promise<void> {
    const author = item.floor.author;
    const data = new FormData(form);
    const reason = String(data.get('reason') ?? '').trim();
    if (!author || !reason) return Promise.resolve();
    const kind = data.get('kind') === 'shadow' ? 'shadow' : 'ban';
    const hours = Number(data.get('hours'));
    const until = kind === 'ban' && hours > 0 ? new Date(Date.now() + hours * 3_600_000).toISOString() : null;
    const id = item.floor.id;
    return this.run(id, async () => {
      const { api, m, l } = this.desk;
      const ban = await api.ban({ user: author.id, kind, reason, ...(kind === 'ban' ? { until } : {}) });
      this.form = null;
      this.desk.bansChanged();
      this.desk.announce(kind === 'shadow' ? m.shadowBanned(author.name) : m.banned(author.name, ban.until && l.absolute(ban.until)));
      this.desk.focus(`[data-floor-id="${id}"] .ban-author`);
      // A shadow-ban marks the author's floors: show this one as it is now.
      const fresh = await api.floor(id).catch(() => null);
      if (fresh) this.replace(fresh.item);
    });
  }

  private async loadContext(id: string): Promise<void> {
    this.contexts.set(id, null);
    this.desk.requestUpdate();
    try {
      const context = await this.desk.api.floor(id);
      if (this.contexts.has(id)) this.contexts.set(id, context);
    } catch (error) {
      if (this.contexts.has(id)) this.contexts.set(id, this.desk.explain(error));
    }
    this.desk.requestUpdate();
  }

  private toggleContext(id: string): void {
    if (this.contexts.has(id)) {
      this.contexts.delete(id);
      this.desk.requestUpdate();
    } else {
      void this.loadContext(id);
    }
  }

  private open(form: Form | null, focus?: string): void {
    this.form = form;
    this.desk.requestUpdate();
    if (focus) this.desk.focus(focus);
  }

  render(): TemplateResult {
    return this.renderList(this.desk.m.emptyQueue[this.kind], (items) => html`<ol class="items">${items.map((item) => this.renderItem(item))}</ol>`);
  }

  private renderItem(item: ModeratedFloor): TemplateResult {
    const { m, l } = this.desk;
    const floor = item.floor;
    const id = floor.id;
    const label = l.floor(floor.number);
    const thread = item.thread.title || item.page;
    const url = isHttpUrl(item.thread.url) ? `${item.thread.url.split('#')[0]}#floor-${floor.number}` : null;
    const busy = this.busy.has(id);
    const form = this.form?.id === id ? this.form.kind : null;
    const context = this.contexts.get(id);
    const error = this.errors.get(id);
    return html`<li class="item" data-floor-id=${id}>
      <article aria-label=${m.place(thread, label)} aria-busy=${busy ? 'true' : 'false'}>
        <header>
          <span class="place">${url ? html`<a href=${url} target="_blank" rel="noopener">${thread}</a>` : thread} · ${label}</span>
          ${this.renderByline(floor)}
        </header>
        ${this.renderWhy(item)}
        <div class="body">${renderNode(floor.body, this.desk.stickers)}</div>
        <div class="actions" role="group" aria-label=${m.place(thread, label)}>
          ${actionsFor(item).map((action) => html`<button type="button" class="act ${action}" ?disabled=${busy}
            aria-label=${m.actionOn(m.actions[action], label)} aria-expanded=${action === 'hide' || action === 'delete' ? String(form === action) : nothing}
            @click=${() => (action === 'hide' || action === 'delete'
              ? this.open(form === action ? null : { id, kind: action }, `[data-floor-id="${id}"] form input`)
              : void this.act(item, action))}>${m.actions[action]}</button>`)}
          <button type="button" class="context-toggle" aria-expanded=${String(context !== undefined)} aria-label=${m.contextOf(label)}
            @click=${() => this.toggleContext(id)}>${m.context}</button>
          ${floor.author ? html`<button type="button" class="ban-author" aria-expanded=${String(form === 'ban')} aria-label=${m.banOf(floor.author.name)}
            ?disabled=${busy} @click=${() => this.open(form === 'ban' ? null : { id, kind: 'ban' }, `[data-floor-id="${id}"] form input`)}>${m.banAuthor}</button>` : nothing}
        </div>
        ${form === 'ban' ? this.renderBan(item) : form ? this.renderReason(item, form) : nothing}
        ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
        ${context !== undefined ? this.renderContext(item, context) : nothing}
      </article>
    </li>`;
  }

  private renderByline(floor: Floor): TemplateResult {
    const { m, l } = this.desk;
    return html`<bdi class="author">${floor.author?.name ?? m.deletedAuthor}</bdi>
      ${floor.shadowed ? html`<span class="mark">${m.shadowed}</span>` : nothing}
      <time datetime=${floor.createdAt}>${l.absolute(floor.createdAt)}</time>
      <span class="mark status ${floor.status}">${m.status[floor.status]}</span>
      ${floor.pinned ? html`<span class="mark">${m.pinned}</span>` : nothing}`;
  }

  /** Why the floor is in the queue: what held it back, and its reports with their notes. */
  private renderWhy(item: ModeratedFloor) {
    const { m, l } = this.desk;
    const cause = item.queue?.cause;
    const reports = item.reports;
    return html`${cause ? html`<p class="cause">${cause.rule === 'suspect' && cause.word ? m.suspectWord(cause.word) : m.cause[cause.rule]}</p>` : nothing}
      ${reports.count > 0
        ? html`<div class="reports">
            <span class="count">${m.reports(reports.count)}</span>
            <ul class="reasons">${Object.entries(reports.reasons).map(([reason, count]) =>
              html`<li>${m.reasonCount(m.reasons[reason as keyof typeof m.reasons], count)}</li>`)}</ul>
            ${reports.notes.length
              ? html`<ul class="notes">${reports.notes.map((note) => html`<li>${m.reasons[note.reason]}：<bdi class="note">${note.note}</bdi>
                  <time datetime=${note.createdAt}>${l.absolute(note.createdAt)}</time></li>`)}</ul>`
              : nothing}
          </div>`
        : nothing}`;
  }

  private renderReason(item: ModeratedFloor, action: 'hide' | 'delete'): TemplateResult {
    const { m, l } = this.desk;
    const submit = (event: Event) => {
      event.preventDefault();
      const reason = String(new FormData(event.target as HTMLFormElement).get('reason') ?? '').trim();
      if (reason) void this.act(item, action, reason);
    };
    return html`<form class="confirm" aria-label=${m.actionOn(m.actions[action], l.floor(item.floor.number))} @submit=${submit}>
      <label>${m.reason} <input name="reason" required maxlength="500" autocomplete="off"></label>
      <button type="submit" class="danger">${m.confirm[action]}</button>
      <button type="button" @click=${() => this.open(null, `[data-floor-id="${item.floor.id}"] .act.${action}`)}>${m.cancel}</button>
    </form>`;
  }

  private renderBan(item: ModeratedFloor): TemplateResult {
    const { m } = this.desk;
    const name = item.floor.author?.name ?? '';
    const kinds: BanKind[] = ['ban', 'shadow'];
    const submit = (event: Event) => {
      event.preventDefault();
      void this.ban(item, event.target as HTMLFormElement);
    };
    // Shadow-bans have no end: the length is for bans only.
    const kindChange = (event: Event) => {
      const input = event.target as HTMLInputElement;
      const hours = input.form?.elements.namedItem('hours') as HTMLSelectElement | null;
      if (hours) hours.disabled = input.value === 'shadow';
    };
    return html`<form class="ban" aria-label=${m.banOf(name)} @submit=${submit}>
      <fieldset>
        <legend>${m.banKind}</legend>
        ${kinds.map((kind) => html`<label class="choice"><input type="radio" name="kind" value=${kind} ?checked=${kind === 'ban'}
          @change=${kindChange}><span>${m.banKinds[kind]}</span> <span class="help">${m.banHelp[kind]}</span></label>`)}
      </fieldset>
      <label>${m.duration} <select name="hours">${BAN_HOURS.map((hours) => html`<option value=${hours ?? 0} ?selected=${hours === 24}>${
        hours === null ? m.permanent : hours < 24 ? m.hours(hours) : m.days(hours / 24)}</option>`)}</select></label>
      <label>${m.reason} <input name="reason" required maxlength="500" autocomplete="off"></label>
      <button type="submit" class="danger">${m.banConfirm}</button>
      <button type="button" @click=${() => this.open(null, `[data-floor-id="${item.floor.id}"] .ban-author`)}>${m.cancel}</button>
    </form>`;
  }

  private renderContext(item: ModeratedFloor, context: FloorContext | null | string): TemplateResult {
    const { m, l } = this.desk;
    const label = m.contextOf(l.floor(item.floor.number));
    if (context === null) return html`<p class="status" aria-busy="true">${m.loading}</p>`;
    if (typeof context === 'string') return html`<p class="error" role="alert">${context}</p>`;
    const parent = context.parent;
    const near = [...context.before, context.item.floor, ...context.after];
    return html`<section class="context" aria-label=${label}>
      ${parent && !near.some((floor) => floor.id === parent.id)
        ? html`<p class="context-head">${m.parent}</p><ol class="floors">${this.renderNear(parent, false)}</ol>`
        : nothing}
      <ol class="floors">${near.map((floor) => this.renderNear(floor, floor.id === item.floor.id, floor.id === parent?.id))}</ol>
    </section>`;
  }

  private renderNear(floor: Floor, current: boolean, parent = false): TemplateResult {
    const { m, l } = this.desk;
    return html`<li class=${current ? 'near current' : 'near'} aria-current=${current ? 'true' : nothing}>
      <span class="label">${l.floor(floor.number)}</span>
      <bdi class="author">${floor.author?.name ?? m.deletedAuthor}</bdi>
      ${floor.status === 'published' ? nothing : html`<span class="mark">${m.status[floor.status]}</span>`}
      ${current ? html`<span class="mark">${m.current}</span>` : parent ? html`<span class="mark">${m.parent}</span>` : nothing}
      <div class="body">${renderNode(floor.body, this.desk.stickers)}</div>
    </li>`;
  }
}
