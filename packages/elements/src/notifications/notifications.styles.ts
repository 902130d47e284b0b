import { base, css, themes, tokens, type CSSResult } from '../lazy/kit.js';

export const styles: CSSResult[] = [
  tokens('notifications'),
  themes,
  base,
  css`
    :host {
      display: block;
    }
    [part='base'] {
      position: relative;
      display: flex;
      flex-direction: column;
      align-items: flex-end;
    }
    [part='button'] {
      display: inline-flex;
      align-items: center;
      gap: 0.35em;
      padding: 0.3em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
      font: inherit;
      cursor: pointer;
    }
    .badge {
      min-width: 1.4em;
      padding: 0 0.35em;
      border-radius: 0.7em;
      background: var(--_accent);
      color: var(--_accent-contrast);
      font-size: 0.8em;
      line-height: 1.4em;
      text-align: center;
    }
    [part='panel'] {
      box-sizing: border-box;
      width: min(28em, 100%);
      margin-top: 0.4em;
      padding: 0.5em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .actions {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 0.5em;
    }
    h2 {
      margin: 0.25em 0;
      font-size: 1em;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      border-top: 1px solid var(--_border);
    }
    li a,
    li .plain {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25em 0.5em;
      width: 100%;
      padding: 0.5em 0;
      border: 0;
      background: none;
      color: var(--_text);
      font: inherit;
      text-align: start;
      text-decoration: none;
      cursor: pointer;
    }
    li.read {
      color: var(--_muted);
    }
    .dot {
      width: 0.5em;
      height: 0.5em;
      border-radius: 50%;
      background: var(--_accent);
    }
    .excerpt,
    time,
    .page,
    .status {
      color: var(--_muted);
      font-size: 0.9em;
    }
    .excerpt {
      flex-basis: 100%;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .all,
    .more,
    select,
    .status button {
      font: inherit;
    }
    .mail {
      display: flex;
      gap: 0.5em;
      align-items: center;
      margin-top: 0.5em;
      color: var(--_muted);
    }
  `,
];
