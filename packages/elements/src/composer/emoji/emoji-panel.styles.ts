import { base, css, tokens, type CSSResult } from '../../lazy/kit.js';

export const styles: CSSResult[] = [
  tokens('emoji'),
  base,
  css`
    [part='base'] {
      margin-top: 0.5em;
      padding: 0.5em;
      max-height: 16em;
      overflow-y: auto;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_surface);
    }
    h3 {
      margin: 0.25em 0;
      font-size: 0.8em;
      font-weight: normal;
      color: var(--_muted);
    }
    .grid {
      display: flex;
      flex-wrap: wrap;
      gap: 2px;
    }
    button {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 2.25em;
      height: 2.25em;
      padding: 0;
      border: 0;
      border-radius: calc(var(--_radius) / 2);
      background: none;
      font-size: 1.25em;
      line-height: 1;
      cursor: pointer;
    }
    button.sticker {
      width: 3.5em;
      height: 3.5em;
      font-size: 1em;
    }
    button img {
      max-width: 100%;
      max-height: 100%;
    }
    button:hover,
    button:focus-visible {
      background: var(--_surface-alt);
    }
    button:focus-visible {
      outline: 2px solid var(--_accent);
      outline-offset: -2px;
    }
  `,
];
