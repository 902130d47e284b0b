import { html, nothing, type TemplateResult } from '../lazy/kit.js';
import type { Ban } from '@teahouse/protocol';
import { actorName } from './desk.js';
import { ListPanel, type Page } from './paged.js';

const keyOf = (ban: Ban) => `${ban.user.id}:${ban.kind}`;

/**
 * The bans in force (禁言名单), newest first: who, which kind, until when, why and by whom, each
 * with a button that lifts it after a second press.
 */
export class BansPanel extends ListPanel<Ban> {
  /** The ban whose lifting waits for its confirmation. */
  private confirming: string | null = null;
  private busy = false;
  private error = '';

  protected async fetch(cursor: string | null): Promise<Page<Ban>> {
    const page = await this.desk.api.bans({ cursor, limit: this.desk.limit });
    return { items: page.bans, next: page.next };
  }

  override reload(): Promise<void> {
    this.confirming = null;
    this.error = '';
    return super.reload();
  }

  private confirm(key: string | null, focus: string): void {
    this.confirming = key;
    this.error = '';
    this.desk.requestUpdate();
    this.desk.focus(focus);
  }

  private async lift(ban: Ban): Promise<void> {
    const { api, m } = this.desk;
    this.busy = true;
    this.error = '';
    this.desk.requestUpdate();
    try {
      await api.unban(ban.user.id, { kind: ban.kind });
      this.confirming = null;
      this.list.items = this.list.items.filter((other) => keyOf(other) !== keyOf(ban));
      this.desk.announce(m.unbanned(ban.user.name, m.banKinds[ban.kind]));
      this.desk.focus('[role="tabpanel"]');
    } catch (error) {
      this.error = this.desk.explain(error);
    } finally {
      this.busy = false;
      this.desk.requestUpdate();
    }
  }

  render(): TemplateResult {
    return html`${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.renderList(this.desk.m.bansEmpty, (bans) => html`<ul class="bans">${bans.map((ban) => this.renderBan(ban))}</ul>`)}`;
  }

  private renderBan(ban: Ban): TemplateResult {
    const { m, l } = this.desk;
    const key = keyOf(ban);
    const kind = m.banKinds[ban.kind];
    const selector = `[data-ban="${key}"]`;
    return html`<li class="ban" data-ban=${key}>
      <bdi class="name">${ban.user.name}</bdi>
      <span class="mark">${kind}</span>
      <span>${ban.until ? m.until(l.absolute(ban.until)) : m.permanent}</span>
      ${ban.reason ? html`<bdi class="reason">${ban.reason}</bdi>` : nothing}
      <span class="muted">${m.by(html`<bdi>${actorName(this.desk, ban.by)}</bdi>`)} · ${m.since(l.absolute(ban.createdAt))}</span>
      <span class="buttons">${this.confirming === key
        ? html`<button type="button" class="danger confirm" ?disabled=${this.busy} @click=${() => this.lift(ban)}>${m.unbanConfirm}</button>
            <button type="button" @click=${() => this.confirm(null, `${selector} .unban`)}>${m.cancel}</button>`
        : html`<button type="button" class="unban" aria-label=${m.unbanOf(ban.user.name, kind)}
            @click=${() => this.confirm(key, `${selector} .confirm`)}>${m.unban}</button>`}</span>
    </li>`;
  }
}
