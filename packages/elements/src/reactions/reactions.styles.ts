import { css } from 'lit';
import { base, tokens } from '../styles/shared.js';

export const styles = [
  tokens('reactions'),
  base,
  css`
    [part='base'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em;
    }
    :host(:not([compact])) {
      margin: 0 0 1em;
    }
    :host(:not([compact])) [part='base'] {
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.75em 0.75em;
    }
    button {
      display: inline-flex;
      align-items: center;
      gap: 0.3em;
      min-height: 2.25em;
      padding: 0.2em 0.95em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_surface);
    }
    button.on {
      border-color: var(--_accent);
      color: var(--_accent);
      background: color-mix(in srgb, var(--_accent) 7%, var(--_surface));
    }
    :host([compact]) {
      display: inline-block;
      font-size: inherit;
    }
    :host([compact]) [part='base'] {
      gap: 0.25em;
    }
    :host([compact]) button,
    button.who {
      min-height: 0;
      padding: 0.25em 0.35em;
      border: 0;
      border-radius: 4px;
      background: none;
      color: var(--_muted);
    }
    :host([compact]) button:hover,
    :host([compact]) button.on {
      color: var(--_accent);
    }
    .who,
    #who {
      font-size: 0.85em;
    }
    #who {
      flex-basis: 100%;
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.8em;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .message {
      color: var(--_accent);
      font-size: 0.85em;
    }
  `,
];
