// The runtime that lazily loaded elements (<teahouse-share>, <teahouse-points>,
// <teahouse-moderation>) share with the main bundle. A lazy element imports lit, the base class,
// the contexts and the shared helpers from this module only, so the script-tag bundle can hand its
// own copies to a chunk loaded later instead of shipping them twice.
export { LitElement, html, svg, css, nothing, unsafeCSS } from 'lit';
export type { PropertyValues, TemplateResult, CSSResult, ReactiveController, ReactiveControllerHost } from 'lit';
export { property, state } from 'lit/decorators.js';
export { TeahouseElement } from '../base/teahouse-element.js';
// The owner's actions on a floor fetch the edit form on the first press.
export { loadElement } from './lazy.js';
export { ContextConsumer, ContextProvider, clientContext, sessionContext, threadContext } from '../context.js';
export type { Session } from '../context.js';
export { LocalizeController, resolveLocale, langOf } from '../i18n/localize.js';
export { tokens, themes, base } from '../styles/shared.js';
// Standalone lazy elements (a host's "my points" page) make their own client with the main bundle's.
export { ConnectionController } from '../connection/connection.js';
// <teahouse-count> batches the counts of a page through a client of its own.
export { createClient } from '@teahouse/client';
// The edit form tells a closed edit window (409) from other failures, which read as the main bundle words them.
export { HttpError } from '@teahouse/client';
export { errorMessage } from '../i18n/errors.js';
export type { TeahouseClient, GetToken } from '@teahouse/client';
// A share names the visitor token this browser keeps, so the sharer's own visits never count.
export { storedVisitor, storeVisitor } from '../reactions/visitor.js';
// Comment bodies as the main bundle renders them (<teahouse-moderation> shows floors in full).
export { renderNode } from '../rich-text/render.js';
// Protocol constants the composer needs: taken from embed.js, so the composer's chunk does not
// fetch the schemas (and zod) around them.
export { MAX_BODY_LENGTH, MAX_GUEST_NAME, isHttpUrl } from '@teahouse/protocol';
