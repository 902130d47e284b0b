import { css } from 'lit';
import { base, themes, tokens } from '../styles/shared.js';

export const styles = [
  tokens('comments'),
  base,
  themes,
  css`
    [part='base'] {
      max-width: 100%;
      container-type: inline-size;
    }
    /* The share bar's code arrives after the floors have painted: its room is kept above them (as
       tall as the bar of a site with the default rules for a reader not signed in: channels and
       the note on earning, in one to three rows by width), so that they barely move when it renders. */
    teahouse-share:not(:defined) {
      display: block;
      min-height: 5.5em;
    }
    @container (max-width: 640px) {
      teahouse-share:not(:defined) {
        min-height: 8.5em;
      }
    }
    @container (max-width: 420px) {
      teahouse-share:not(:defined) {
        min-height: 12.1em;
      }
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
