import { base, css, tokens, type CSSResult } from '../lazy/kit.js';

export const styles: CSSResult[] = [
  tokens('composer'),
  base,
  css`
    [part='base'] {
      margin: 1em 0;
      padding: 0.75em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .prompt {
      margin: 0;
      color: var(--_muted);
    }
    .prompt a,
    .prompt button {
      border: 0;
      background: none;
      padding: 0 0.15em;
      color: var(--_accent);
      text-decoration: underline;
      font: inherit;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 0.25em;
      margin-bottom: 0.5em;
      padding: 0 0.25em 0 0.6em;
      border-radius: 999px;
      background: var(--_surface-alt);
      font-size: 0.875em;
    }
    .chip button {
      border: 0;
      background: none;
      border-radius: 50%;
      width: 1.75em;
      height: 1.75em;
      line-height: 1;
    }
    label {
      display: block;
      font-size: 0.875em;
      color: var(--_muted);
      margin-bottom: 0.25em;
    }
    textarea,
    input {
      display: block;
      width: 100%;
      min-height: 5em;
      resize: vertical;
      padding: 0.5em;
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
    }
    textarea[hidden] {
      display: none;
    }
    input {
      min-height: 0;
      margin-bottom: 0.5em;
    }
    .preview {
      min-height: 5em;
      padding: 0 0.5em;
      border: 1px dashed var(--_border);
      border-radius: calc(var(--_radius) / 2);
    }
    .sticker {
      height: 3em;
    }
    .toggle[aria-pressed='true'] {
      color: var(--_accent);
    }
    textarea:focus-visible,
    input:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: 0;
      border-color: var(--_accent);
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5em;
      margin-top: 0.5em;
    }
    .counter {
      color: var(--_muted);
      font-size: 0.85em;
    }
    .counter.over {
      color: var(--_accent);
    }
    .submit {
      border: 0;
      border-radius: calc(var(--_radius) / 2);
      padding: 0.4em 1.2em;
      background: var(--_accent);
      color: var(--_accent-contrast);
    }
    .error {
      margin: 0.5em 0 0;
      color: var(--_accent);
    }
  `,
];
