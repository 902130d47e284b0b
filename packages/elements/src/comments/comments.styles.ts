import { css } from 'lit';
import { base, themes, tokens } from '../styles/shared.js';

export const styles = [
  tokens('comments'),
  base,
  themes,
  css`
    [part='base'] {
      max-width: 100%;
    }
    .status {
      color: var(--_muted);
      padding: 1em 0;
      margin: 0;
    }
    .retry {
      margin-left: 0.5em;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_surface);
      padding: 0.2em 0.8em;
    }
  `,
];
