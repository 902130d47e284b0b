import {
  ContextConsumer, LocalizeController, TeahouseElement, clientContext, html, nothing, property, sessionContext, state,
  type CSSResult, type TemplateResult,
} from '../lazy/kit.js';
import { REPORT_REASONS, type ReportReason } from '@teahouse/protocol';
import { reportFloor } from '@teahouse/client/moderation';
import { failureOf } from './failure.js';
import { catalogs, type ReportMessages } from './report-messages.js';
import { styles } from './report.styles.js';

/** `teahouse-report`: the reader's report of a floor is in (`created` false: they had reported it before). */
export interface ReportDetail {
  floor: number;
  reason: ReportReason;
  created: boolean;
}

declare module '../base/teahouse-element.js' {
  interface TeahouseEventMap {
    'teahouse-report': CustomEvent<ReportDetail>;
  }
}

/**
 * The report form (举报) of one floor: a reason from the site's fixed list and an optional note.
 * `<teahouse-comment>` shows it below a floor's actions while its 举报 button is pressed (a
 * disclosure: pressing it again closes the form), and loads its code only then; it posts through the
 * client and session of `<teahouse-comments>`. Reporting a floor twice changes nothing and is
 * confirmed the same way.
 *
 * @summary A floor's report form.
 * @tagname teahouse-report
 * @fires {CustomEvent<ReportDetail>} teahouse-report - The report is in; detail `{floor, reason, created}`.
 * @csspart base - The form, and the confirmation that replaces it.
 * @cssproperty --teahouse-report-accent - The submit button and focus.
 * @cssproperty --teahouse-report-border - The form's box.
 */
export class TeahouseReport extends TeahouseElement {
  static override styles: CSSResult[] = styles;
  private readonly l = new LocalizeController(this);
  private readonly client = new ContextConsumer(this, clientContext);
  private readonly session = new ContextConsumer(this, sessionContext);

  @state() private reason: ReportReason | null = null;
  @state() private note = '';
  @state() private sending = false;
  @state() private done = false;
  @state() private error = '';

  /** The number of the floor to report. */
  @property({ type: Number }) floor = 0;

  private get m(): ReportMessages {
    return catalogs[this.l.locale];
  }

  protected override firstUpdated(): void {
    // Opened by a press on 举报: the reader goes on in the form.
    this.renderRoot.querySelector<HTMLElement>('input')?.focus();
  }

  private async handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    const client = this.client.value;
    const session = this.session.value;
    const reason = this.reason;
    if (!client || !session || !reason || this.sending) return;
    this.sending = true;
    this.error = '';
    try {
      const note = this.note.trim();
      const receipt = await reportFloor(client, { page: session.page, number: this.floor, reason, ...(note ? { note } : {}) });
      this.done = true;
      this.emit('teahouse-report', { floor: this.floor, reason, created: receipt.created });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="base"]')?.focus();
    } catch (error) {
      this.error = this.explain(error);
    } finally {
      this.sending = false;
    }
  }

  private explain(error: unknown): string {
    const m = this.m;
    const { status, ban } = failureOf(error);
    if (ban) return m.banned(ban.until && this.l.absolute(ban.until));
    if (status === 401) return m.unauthorized;
    if (status === 403) return m.forbidden;
    if (status === 404 || status === 409) return m.gone;
    if (status === 429) return m.rateLimited;
    return m.failed;
  }

  override render(): TemplateResult {
    const m = this.m;
    if (this.done) return html`<p part="base" class="done" role="status" tabindex="-1">${m.done}</p>`;
    return html`<form part="base" aria-label=${m.title(this.l.floor(this.floor))} aria-busy=${this.sending ? 'true' : 'false'}
        @submit=${this.handleSubmit}>
      <fieldset>
        <legend>${m.reason}</legend>
        ${REPORT_REASONS.map((reason) => html`<label class="reason"><input type="radio" name="reason" value=${reason} required
          .checked=${this.reason === reason} @change=${() => (this.reason = reason)}>${m.reasons[reason]}</label>`)}
      </fieldset>
      <label for="note">${m.note}</label>
      <textarea id="note" maxlength="500" rows="2" .value=${this.note}
        @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}></textarea>
      <div class="row">
        <button type="submit" class="submit" ?disabled=${this.sending}>${this.sending ? m.sending : m.submit}</button>
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
    </form>`;
  }
}
