import { css } from 'lit';
import { base, tokens } from '../styles/shared.js';

export const styles = [
  tokens('comment'),
  base,
  css`
    [part='base'] {
      display: grid;
      grid-template-columns: 2.5em minmax(0, 1fr);
      gap: 0 0.75em;
      padding: 1em 0;
      border-bottom: 1px solid var(--_border);
    }
    .avatar {
      width: 2.5em;
      height: 2.5em;
      border-radius: 50%;
      background: var(--_avatar);
      color: var(--_avatar-text);
      display: grid;
      place-items: center;
      overflow: hidden;
      object-fit: cover;
    }
    header {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25em 0.5em;
    }
    .name {
      font-weight: 600;
    }
    .badge,
    .mark {
      background: var(--_accent);
      color: var(--_accent-contrast);
      border-radius: 3px;
      font-size: 0.75em;
      padding: 0 0.4em;
    }
    /* What moderators see on floors readers do not (已隐藏, 待审核…). */
    .mark {
      background: var(--_highlight);
      color: var(--_highlight-text);
    }
    time,
    .label,
    .edited {
      color: var(--_muted);
      font-size: 0.85em;
    }
    time {
      position: relative;
    }
    /* The absolute time on keyboard focus, as the title shows it on hover. */
    time:focus-visible::after {
      content: attr(title);
      position: absolute;
      left: 0;
      top: 100%;
      z-index: 1;
      white-space: nowrap;
      padding: 0.1em 0.4em;
      border-radius: 4px;
      background: var(--_text);
      color: var(--_surface);
    }
    .reply-to {
      margin: 0.25em 0 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    .label {
      margin-left: auto;
      color: var(--_muted);
      text-decoration: none;
    }
    .quote {
      margin: 0.5em 0;
      padding: 0.4em 0.75em;
      border-left: 3px solid var(--_border);
      background: var(--_surface-alt);
      font-size: 0.9em;
    }
    .quote a {
      color: inherit;
    }
    .quote p {
      margin: 0.2em 0 0;
      color: var(--_muted);
      white-space: pre-line;
    }
    .body :first-child {
      margin-top: 0.25em;
    }
    .body :last-child {
      margin-bottom: 0;
    }
    .sticker {
      height: 3em;
    }
    .body p {
      margin: 0.5em 0;
    }
    .body a {
      color: var(--_accent);
    }
    .body pre {
      overflow-x: auto;
      background: var(--_surface-alt);
      padding: 0.5em 0.75em;
      border-radius: var(--_radius);
    }
    .body code {
      font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
      font-size: 0.9em;
    }
    .body blockquote {
      margin: 0.5em 0;
      padding-left: 0.75em;
      border-left: 3px solid var(--_border);
      color: var(--_muted);
    }
    .award .body {
      display: inline-block;
      background: var(--_highlight);
      color: var(--_highlight-text);
      border-radius: var(--_radius);
      padding: 0.1em 0.6em;
    }
    .deleted {
      color: var(--_muted);
      font-style: italic;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25em;
      margin: 0.4em 0 0 -0.35em;
      font-size: 0.875em;
    }
    .editor textarea {
      display: block;
      width: 100%;
      min-height: 6em;
      padding: 0.5em;
      font: inherit;
      color: inherit;
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
    }
    .danger,
    .error {
      color: var(--_accent);
    }
    /* The edit form or the deletion's confirmation: its content takes part in the floor's layout. */
    teahouse-edit {
      display: contents;
    }
    /* 编辑 or 删除 pressed while the edit form's code loads. */
    .link-button[aria-busy='true'] {
      cursor: progress;
      opacity: 0.6;
    }
  `,
];
