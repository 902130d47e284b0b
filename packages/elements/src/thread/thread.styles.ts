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
    /* The live region (its "3 条新回复" button). */
    teahouse-live {
      display: block;
    }
    .more:hover,
    .new-replies {
      border-color: var(--_accent);
      color: var(--_accent);
    }
    header {
      flex-wrap: wrap;
      gap: 0 1em;
    }
    .tabs,
    .tabs > div,
    .pager,
    .footer,
    .footer form {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 0.25em;
    }
    .tabs {
      gap: 0 0.75em;
    }
    .tab {
      border: 0;
      background: none;
      padding: 0.15em 0.3em;
      color: var(--_muted);
    }
    .tab[aria-pressed='true'] {
      color: var(--_text);
      font-weight: 600;
    }
    .banner {
      margin: 0.5em 0 0;
      padding: 0.3em 0.75em;
      border-radius: var(--_radius);
      background: var(--_surface-alt);
    }
    .replies {
      margin-left: min(3.25em, 8%);
      padding-left: 0.75em;
      border-left: 2px solid var(--_border);
    }
    teahouse-comment[highlighted] {
      background: var(--_highlight);
      transition: background 0.3s;
    }
    .pager {
      justify-content: center;
      margin: 0.5em 0;
    }
    .pager [aria-current] {
      color: var(--_accent);
      font-weight: 600;
    }
    .footer {
      margin: 0.75em 0;
      gap: 0.25em 0.75em;
      color: var(--_muted);
      font-size: 0.85em;
    }
    .footer a {
      color: inherit;
    }
    .footer > :not(:first-child)::before {
      content: '·';
      margin-right: 0.75em;
    }
    .footer input {
      width: 4.5em;
      font: inherit;
      color: var(--_text);
      background: var(--_surface);
      border: 0;
      border-bottom: 1px solid var(--_muted);
      padding: 0 0.25em;
    }
    .hot {
      border-bottom: 2px solid var(--_border);
    }
    .hot h3 {
      margin: 0.75em 0 0;
      font-size: 0.95em;
      color: var(--_accent);
    }
  `,
];
