import { html, nothing, type TemplateResult } from '../lazy/kit.js';
import { AuditAction, type AuditEntry } from '@teahouse/protocol';
import { actorName } from './desk.js';
import { ListPanel, type Page } from './paged.js';

/** The audit log (操作日志), newest first, a page at a time, narrowed to one action on demand. */
export class AuditPanel extends ListPanel<AuditEntry> {
  /** Only this action; empty: all of them. */
  private action: AuditAction | '' = '';

  protected async fetch(cursor: string | null): Promise<Page<AuditEntry>> {
    const { api, page, limit } = this.desk;
    const log = await api.audit({ action: this.action || undefined, page, cursor, limit });
    return { items: log.entries, next: log.next };
  }

  private filter(event: Event): void {
    this.action = (event.target as HTMLSelectElement).value as AuditAction | '';
    void this.list.reload();
  }

  render(): TemplateResult {
    const { m } = this.desk;
    return html`<label class="filter">${m.auditFilter}
        <select @change=${(event: Event) => this.filter(event)}>
          <option value="" ?selected=${!this.action}>${m.allActions}</option>
          ${AuditAction.options.map((action) => html`<option value=${action} ?selected=${this.action === action}>${m.auditActions[action]}</option>`)}
        </select></label>
      ${this.renderList(m.auditEmpty, (entries) => html`<ol class="audit">${entries.map((entry) => this.renderEntry(entry))}</ol>`)}`;
  }

  private renderEntry(entry: AuditEntry): TemplateResult {
    const { m, l } = this.desk;
    const details: string[] = [];
    if (entry.floor) details.push(m.place(entry.floor.page, l.floor(entry.floor.number)));
    if (entry.user) details.push(entry.user.name);
    if (entry.status) details.push(m.statusChange(m.status[entry.status.from], m.status[entry.status.to]));
    if (entry.ban) details.push(`${m.banKinds[entry.ban.kind]} ${entry.ban.until ? m.until(l.absolute(entry.ban.until)) : m.permanent}`);
    if (entry.words) details.push(m.wordSizes(entry.words.banned, entry.words.suspect));
    return html`<li class="entry" data-action=${entry.action}>
      <time datetime=${entry.createdAt}>${l.absolute(entry.createdAt)}</time>
      <bdi class="actor">${actorName(this.desk, entry.actor)}</bdi>
      <span class="action">${m.auditActions[entry.action]}</span>
      ${details.map((detail) => html`<bdi class="detail">${detail}</bdi>`)}
      ${entry.reason ? html`<bdi class="reason">${entry.reason}</bdi>` : nothing}
    </li>`;
  }
}
