import { css, unsafeCSS, type CSSResult } from 'lit';

const SYS: Record<string, string> = {
  accent: '#c8102e',
  'accent-contrast': '#fff',
  text: '#1f2329',
  muted: '#646a73',
  border: '#e5e6eb',
  surface: '#fff',
  'surface-alt': '#f5f6f7',
  highlight: '#fff6e5',
  'highlight-text': '#9a5b00',
  avatar: '#c9d6e8',
  'avatar-text': '#3d4b5c',
  radius: '8px',
  font: 'system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
  'font-size': '15px',
};

/**
 * Maps the public tokens of one component to private `--_name` properties:
 * `--teahouse-<component>-<token>`, falling back to `--teahouse-sys-<token>`, then a built-in value.
 * The public ones are only read, so a host page sets them once on any ancestor.
 */
export function tokens(component: string): CSSResult {
  const lines = Object.entries(SYS).map(
    // `--_th-*` carry the dark theme's values, set by `<teahouse-comments theme>` and inherited.
    ([name, value]) => `--_${name}: var(--teahouse-${component}-${name}, var(--teahouse-sys-${name}, var(--_th-${name}, ${value})));`,
  );
  return unsafeCSS(`:host { ${lines.join(' ')} }`);
}

const DARK: Record<string, string> = {
  accent: '#ff6b7a',
  'accent-contrast': '#1b1c1f',
  text: '#e6e8eb',
  muted: '#a2a8b0',
  border: '#363a40',
  surface: '#18191c',
  'surface-alt': '#24262a',
  highlight: '#3b3016',
  'highlight-text': '#f5c969',
  avatar: '#36455a',
  'avatar-text': '#d5e0ee',
};
const dark = `color-scheme: dark; background: var(--_surface); ${Object.entries(DARK).map(([k, v]) => `--_th-${k}: ${v};`).join(' ')}`;

/** `theme="dark"`, and `theme="auto"` when the reader's system prefers dark. */
export const themes = unsafeCSS(
  `:host([theme='dark']) { ${dark} } @media (prefers-color-scheme: dark) { :host([theme='auto']) { ${dark} } }`,
);

/** Base rules every component shares. */
export const base = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
    line-height: 1.6;
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.6;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .link-button {
    border: 0;
    background: none;
    padding: 0.25em 0.35em;
    border-radius: 4px;
    color: var(--_muted);
  }
  .link-button:hover {
    color: var(--_accent);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
