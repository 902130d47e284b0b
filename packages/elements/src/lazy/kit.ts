// The runtime that lazily loaded elements (<teahouse-share>, <teahouse-points>,
// <teahouse-moderation>) share with the main bundle. A lazy element imports lit, the base class,
// the contexts and the shared helpers from this module only, so the script-tag bundle can hand its
// own copies to a chunk loaded later instead of shipping them twice.
export { LitElement, html, svg, css, nothing, unsafeCSS } from 'lit';
export type { PropertyValues, TemplateResult, CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
export { TeahouseElement } from '../base/teahouse-element.js';
export { ContextConsumer, ContextProvider, clientContext, sessionContext } from '../context.js';
export type { Session } from '../context.js';
export { LocalizeController, resolveLocale, langOf } from '../i18n/localize.js';
export { tokens, themes, base } from '../styles/shared.js';
