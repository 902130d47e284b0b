// The default theme, plus the live examples: the elements touch the DOM, so they load in the
// browser only, never while the pages are rendered at build time.
import DefaultTheme from 'vitepress/theme';
import './style.css';

export default {
  extends: DefaultTheme,
  enhanceApp() {
    if (!import.meta.env.SSR) import('./live.mjs');
  },
};
