import { css, type CSSResult } from '../lazy/kit.js';

export const styles: CSSResult = css`
  :host {
    display: inline;
    /* Unset, it inherits the article list's own colour. */
    color: var(--teahouse-count-text);
  }
`;
