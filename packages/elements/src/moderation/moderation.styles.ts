import { base, css, themes, tokens, type CSSResult } from '../lazy/kit.js';

export const styles: CSSResult[] = [
  tokens('moderation'),
  themes,
  base,
  css`
    [part='base'] {
      padding: 0.75em 1em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    p {
      margin: 0.5em 0;
    }
    .top {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25em 1em;
    }
    h2 {
      margin: 0;
      font-size: 1.2em;
    }
    .policy,
    .status,
    .muted,
    .help,
    time {
      color: var(--_muted);
    }
    .policy {
      flex: 1;
      font-size: 0.9em;
    }
    .announce:empty {
      display: none;
    }
    .announce {
      padding: 0.3em 0.6em;
      border-radius: var(--_radius);
      background: var(--_highlight);
      color: var(--_highlight-text);
    }
    button,
    select,
    input,
    textarea {
      font: inherit;
      color: inherit;
    }
    button {
      padding: 0.2em 0.7em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    button:hover:not(:disabled) {
      border-color: var(--_accent);
    }
    .danger,
    .primary {
      border-color: var(--_accent);
      background: var(--_accent);
      color: var(--_accent-contrast);
    }
    select,
    input,
    textarea {
      padding: 0.25em 0.4em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
    }
    .tabs {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em;
      margin: 0.75em 0 0;
      border-bottom: 1px solid var(--_border);
    }
    .tab {
      border: 0;
      border-bottom: 2px solid transparent;
      border-radius: 0;
      padding: 0.4em 0.8em;
      background: none;
    }
    .tab[aria-selected='true'] {
      border-bottom-color: var(--_accent);
      color: var(--_accent);
      font-weight: 600;
    }
    .panel {
      padding: 0.75em 0 0;
    }
    ol,
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .item {
      padding: 0.75em 0;
      border-bottom: 1px solid var(--_border);
    }
    .item header,
    .near,
    .ban,
    .entry,
    .reports {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25em 0.6em;
    }
    .place,
    .author,
    .name {
      font-weight: 600;
    }
    .place a {
      color: inherit;
    }
    .mark {
      border-radius: 3px;
      padding: 0 0.4em;
      font-size: 0.8em;
      background: var(--_highlight);
      color: var(--_highlight-text);
    }
    .mark.published {
      background: var(--_surface-alt);
      color: var(--_muted);
    }
    .cause,
    .reports {
      font-size: 0.9em;
    }
    .reasons {
      display: contents;
    }
    .reasons li {
      padding: 0 0.4em;
      border: 1px solid var(--_border);
      border-radius: 999px;
    }
    .notes {
      flex-basis: 100%;
      color: var(--_muted);
    }
    .body {
      margin: 0.4em 0;
      padding: 0.4em 0.75em;
      border-left: 3px solid var(--_border);
    }
    .body p {
      margin: 0.25em 0;
    }
    .body a {
      color: var(--_accent);
    }
    .actions,
    .buttons {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4em;
    }
    form.confirm,
    form.ban {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em 0.75em;
      margin: 0.5em 0 0;
      padding: 0.6em 0.75em;
      border-radius: var(--_radius);
      background: var(--_surface-alt);
    }
    fieldset {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em 1em;
      margin: 0;
      padding: 0;
      border: 0;
      flex-basis: 100%;
    }
    legend {
      padding: 0;
      font-weight: 600;
    }
    .choice .help {
      font-size: 0.85em;
    }
    .context {
      margin: 0.5em 0 0 1em;
    }
    .context-head {
      margin: 0.25em 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    .near {
      padding: 0.3em 0.5em;
      font-size: 0.9em;
    }
    .near .body {
      flex-basis: 100%;
      margin: 0;
    }
    .near.current {
      border-radius: var(--_radius);
      background: var(--_highlight);
      color: var(--_highlight-text);
    }
    .ban,
    .entry {
      padding: 0.5em 0;
      border-bottom: 1px solid var(--_border);
    }
    .ban .buttons {
      margin-left: auto;
    }
    .reason {
      flex-basis: 100%;
    }
    .filter {
      display: inline-flex;
      gap: 0.5em;
      align-items: center;
      margin-bottom: 0.5em;
    }
    .words .field {
      margin-bottom: 0.75em;
    }
    .words label {
      font-weight: 600;
    }
    .words textarea {
      display: block;
      width: 100%;
    }
    .help {
      margin: 0.1em 0 0.3em;
      font-size: 0.9em;
    }
    .more {
      margin-top: 0.75em;
    }
    .error {
      color: var(--_accent);
    }
  `,
];
