import { base, css, themes, tokens, type CSSResult } from '../lazy/kit.js';

export const styles: CSSResult[] = [
  tokens('share'),
  base,
  themes,
  css`
    [part='base'] {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5em 0.75em;
      padding: 0.75em 0;
      border-top: 1px solid var(--_border);
      border-bottom: 1px solid var(--_border);
    }
    .lead {
      margin: 0;
      color: var(--_muted);
      font-size: 0.9em;
    }
    .channels {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4em;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    [part='channel'] {
      display: inline-flex;
      align-items: center;
      gap: 0.35em;
      min-height: 2.2em;
      padding: 0.2em 0.7em 0.2em 0.3em;
      border: 1px solid var(--_border);
      border-radius: 999px;
      background: var(--_surface);
      font-size: 0.9em;
    }
    [part='channel']:hover {
      border-color: var(--_accent);
    }
    [part='channel'][aria-busy='true'] {
      opacity: 0.6;
    }
    .icon {
      display: inline-grid;
      place-items: center;
      width: 1.7em;
      height: 1.7em;
      border-radius: 50%;
      color: #fff;
      font-size: 0.8em;
      font-weight: 600;
      background: #8f959e;
    }
    .wechat_moments .icon,
    .wechat_group .icon,
    .wechat_friend .icon {
      background: #07c160;
    }
    .weibo .icon {
      background: #e6162d;
    }
    .qq .icon {
      background: #12b7f5;
    }
    .qzone .icon {
      background: #f5b800;
    }
    .x .icon {
      background: #000;
    }
    .facebook .icon {
      background: #1877f2;
    }
    .linkedin .icon {
      background: #0a66c2;
    }
    [part='hint'] {
      color: var(--_accent);
      font-size: 0.85em;
      white-space: nowrap;
    }
    [part='hint'].earned,
    [part='hint'].exhausted {
      color: var(--_muted);
    }
    .note,
    .status {
      flex-basis: 100%;
      margin: 0;
      color: var(--_muted);
      font-size: 0.85em;
    }
    .status:empty {
      display: none;
    }
    .login {
      padding: 0;
      color: var(--_accent);
    }
    .link-field {
      flex-basis: 100%;
      display: flex;
      gap: 0.4em;
      align-items: center;
      font-size: 0.85em;
    }
    .link-field input {
      flex: 1;
      min-width: 0;
      padding: 0.3em 0.5em;
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      font: inherit;
      color: var(--_text);
      background: var(--_surface-alt);
    }
    .copy {
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_surface);
      padding: 0.25em 0.8em;
    }
    dialog {
      width: min(22em, calc(100vw - 2em));
      padding: 1.25em;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
    }
    dialog::backdrop {
      background: rgb(0 0 0 / 0.45);
    }
    dialog h2 {
      margin: 0 0 0.75em;
      font-size: 1.05em;
    }
    dialog ol {
      margin: 0.75em 0;
      padding-left: 1.4em;
      font-size: 0.9em;
    }
    [part='qr'] {
      display: block;
      width: 12em;
      height: 12em;
      margin: 0 auto;
      background: #fff;
    }
    .qr-wait {
      height: 12em;
      display: grid;
      place-items: center;
      color: var(--_muted);
    }
    .wechat-guide {
      position: fixed;
      top: 0.5em;
      right: 0.5em;
      margin: 0;
      inset-inline-start: auto;
    }
    .arrow {
      display: block;
      text-align: right;
      font-size: 1.6em;
      line-height: 1;
      color: var(--_accent);
    }
    .actions {
      display: flex;
      justify-content: flex-end;
      margin-top: 0.75em;
    }
  `,
];
