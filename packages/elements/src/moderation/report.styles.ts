import { base, css, tokens, type CSSResult } from '../lazy/kit.js';

export const styles: CSSResult[] = [
  tokens('report'),
  base,
  css`
    [part='base'] {
      margin: 0.5em 0 0;
      padding: 0.6em 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface-alt);
      font-size: 0.9em;
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 1em;
      margin: 0 0 0.5em;
      padding: 0;
      border: 0;
    }
    legend {
      padding: 0;
      margin-bottom: 0.25em;
      font-weight: 600;
    }
    .reason {
      display: inline-flex;
      align-items: center;
      gap: 0.3em;
      cursor: pointer;
    }
    textarea {
      display: block;
      width: 100%;
      margin-top: 0.25em;
      padding: 0.4em;
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .row {
      display: flex;
      gap: 0.5em;
      align-items: center;
      margin-top: 0.5em;
    }
    .submit {
      border: 0;
      border-radius: var(--_radius);
      padding: 0.3em 0.9em;
      background: var(--_accent);
      color: var(--_accent-contrast);
    }
    .done {
      color: var(--_muted);
    }
    .error {
      margin: 0.5em 0 0;
      color: var(--_accent);
    }
  `,
];
