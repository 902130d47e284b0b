import { html, nothing, type TemplateResult } from '../lazy/kit.js';
import type { WordLists } from '@teahouse/protocol';
import type { Desk } from './desk.js';

type List = keyof WordLists;
const LISTS: List[] = ['banned', 'suspect'];

/** One word per line, trimmed, without blanks or repeats. */
export const wordsOf = (text: string): string[] => [...new Set(text.split('\n').map((word) => word.trim()).filter(Boolean))];

/** The site's banned and suspect words, one per line, saved together. */
export class WordsPanel {
  private drafts: Record<List, string> | undefined;
  private loading = false;
  private saving = false;
  private error: unknown = undefined;
  private run = 0;

  constructor(private readonly desk: Desk) {}

  /** Loads the lists unless they are loaded, loading or failed. */
  ensure(): void {
    if (!this.drafts && !this.loading && this.error === undefined) void this.reload();
  }

  reset(): void {
    this.run += 1;
    this.drafts = undefined;
    this.loading = false;
    this.error = undefined;
  }

  /** Loads the lists again, dropping unsaved changes. */
  async reload(): Promise<void> {
    const run = ++this.run;
    this.loading = true;
    this.error = undefined;
    this.desk.requestUpdate();
    try {
      const lists = await this.desk.api.words();
      if (run === this.run) this.show(lists);
    } catch (error) {
      if (run === this.run) this.error = error;
    } finally {
      if (run === this.run) this.loading = false;
      this.desk.requestUpdate();
    }
  }

  private show(lists: WordLists): void {
    this.drafts = { banned: lists.banned.join('\n'), suspect: lists.suspect.join('\n') };
  }

  private async save(event: Event): Promise<void> {
    event.preventDefault();
    const drafts = this.drafts;
    if (!drafts || this.saving) return;
    this.saving = true;
    this.error = undefined;
    this.desk.requestUpdate();
    try {
      this.show(await this.desk.api.setWords({ banned: wordsOf(drafts.banned), suspect: wordsOf(drafts.suspect) }));
      this.desk.announce(this.desk.m.saved);
    } catch (error) {
      this.error = error;
    } finally {
      this.saving = false;
      this.desk.requestUpdate();
    }
  }

  render(): TemplateResult {
    const { m } = this.desk;
    const drafts = this.drafts;
    const failed = this.error !== undefined ? html`<p class="error" role="alert">${this.desk.explain(this.error)}</p>` : nothing;
    if (!drafts) {
      return this.loading || this.error === undefined
        ? html`<p class="status" aria-busy="true">${m.loading}</p>`
        : html`${failed}<button type="button" @click=${() => this.reload()}>${m.retry}</button>`;
    }
    const labels: Record<List, [string, string]> = { banned: [m.bannedWords, m.bannedHelp], suspect: [m.suspectWords, m.suspectHelp] };
    return html`<form class="words" aria-busy=${this.saving ? 'true' : 'false'} @submit=${(event: Event) => this.save(event)}>
      ${LISTS.map((list) => html`<div class="field">
        <label for="words-${list}">${labels[list][0]}</label>
        <p class="help" id="words-${list}-help">${labels[list][1]}</p>
        <textarea id="words-${list}" name=${list} rows="6" aria-describedby="words-${list}-help words-${list}-count" .value=${drafts[list]}
          @input=${(event: Event) => {
            this.drafts = { ...this.drafts!, [list]: (event.target as HTMLTextAreaElement).value };
            this.desk.requestUpdate();
          }}></textarea>
        <span class="muted" id="words-${list}-count">${m.wordCount(wordsOf(drafts[list]).length)}</span>
      </div>`)}
      <button type="submit" class="primary" ?disabled=${this.saving}>${m.save}</button>
      ${failed}
    </form>`;
  }
}
