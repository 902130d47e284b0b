// The documentation site (VitePress): the guides in docs/*.md, the element pages with live
// examples against a demo server (demo.mjs), the HTTP API reference generated from the OpenAPI
// document (api-reference.md, by scripts/api-reference.mjs) and the glossary of Chinese terms.
import { slug } from 'github-slugger';
import { defineConfig } from 'vitepress';
import { demoPlugin } from './demo.mjs';
import { elementReferencePlugin } from './elements.mjs';
import { glossaryPlugin } from './glossary.mjs';

/** The element pages, in the order a reader meets the elements. */
export const ELEMENT_PAGES = [
  ['teahouse-comments', 'comments'],
  ['teahouse-thread', 'thread'],
  ['teahouse-comment', 'comment'],
  ['teahouse-composer', 'composer'],
  ['teahouse-reactions', 'reactions'],
  ['teahouse-report', 'report'],
  ['teahouse-share', 'share'],
  ['teahouse-points', 'points'],
  ['teahouse-notifications', 'notifications'],
  ['teahouse-count', 'count'],
  ['teahouse-moderation', 'moderation'],
];

export default defineConfig({
  title: 'Teahouse',
  description: 'A comments-and-rewards widget for news sites: forum-style reply threads, reactions and share-for-points.',
  lang: 'en',
  head: [['link', { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }]],
  srcExclude: ['**/README.md'],
  ignoreDeadLinks: false,
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/getting-started' },
      { text: 'Elements', link: '/elements/' },
      { text: 'API reference', link: '/api-reference' },
      { text: 'Glossary', link: '/glossary' },
    ],
    sidebar: [
      {
        text: 'Guide',
        items: [
          { text: 'Getting started', link: '/getting-started' },
          { text: 'Sign-in, guests and roles', link: '/identity' },
          { text: 'Share for points', link: '/rewards' },
          { text: 'Moderation', link: '/moderation' },
          { text: 'Notifications', link: '/notifications' },
          { text: 'Rate limits and flood control', link: '/abuse' },
          { text: 'Regions and stickers', link: '/region-and-stickers' },
          { text: 'Theming', link: '/theming' },
        ],
      },
      {
        text: 'Elements',
        items: [{ text: 'Overview', link: '/elements/' }, ...ELEMENT_PAGES.map(([tag, page]) => ({ text: `&lt;${tag}&gt;`, link: `/elements/${page}` }))],
      },
      {
        text: 'Server and API',
        items: [
          { text: 'Running the server', link: '/server' },
          { text: 'Server-rendered threads', link: '/ssr' },
          { text: 'Scaling out', link: '/scaling' },
          { text: 'HTTP API', link: '/api' },
          { text: 'API reference', link: '/api-reference' },
          { text: 'Performance', link: '/performance' },
        ],
      },
      { text: 'Glossary', link: '/glossary' },
    ],
    outline: [2, 3],
    search: { provider: 'local' },
  },
  markdown: {
    // GitHub's anchors, so that a link to a heading works on both the site and GitHub.
    anchor: { slugify: slug },
    headers: { slugify: slug },
    toc: { slugify: slug },
    config(md) {
      md.use(elementReferencePlugin);
      md.use(glossaryPlugin);
    },
  },
  vue: {
    template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('teahouse-') || tag === 'live-example' } },
  },
  vite: {
    plugins: [demoPlugin()],
    build: {
      // The API reference page is large; zod's comments are not meant for Rollup.
      chunkSizeWarningLimit: 4096,
      rollupOptions: { onwarn: (warning, warn) => warning.code === 'INVALID_ANNOTATION' || warn(warning) },
    },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
  },
});
