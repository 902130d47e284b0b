import { css } from 'lit';
import { base, tokens } from '../styles/shared.js';

export const styles = [
  tokens('thread'),
  base,
  css`
    header {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      border-bottom: 2px solid var(--_text);
      padding: 0.25em 0;
    }
    h2 {
      font-size: 1em;
      font-weight: 500;
      margin: 0;
    }
    .empty,
    .status {
      color: var(--_muted);
      padding: 1em 0;
      margin: 0;
    }
    .more {
      display: block;
      width: 100%;
      margin: 0.75em 0;
      padding: 0.5em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .more:hover {
      border-color: var(--_accent);
      color: var(--_accent);
    }
  `,
];
