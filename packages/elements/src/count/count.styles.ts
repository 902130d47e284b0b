import { css } from 'lit';

export const styles = css`
  :host {
    display: inline;
    /* Unset, it inherits the article list's own colour. */
    color: var(--teahouse-count-text);
  }
`;
