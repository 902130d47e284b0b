import type { Context, MiddlewareHandler } from 'hono';
import type { Role } from '@teahouse/protocol';
import type { Auth } from '@teahouse/protocol/routes';
import type { Database } from '../../db/database.js';
import { forbidden, unauthorized } from '../../errors.js';
import { verifyGuest } from '../../auth/guest.js';
import { findApiKey } from '../../auth/api-keys.js';
import { siteRole } from '../../auth/roles.js';
import { bearerToken, peekToken, verifyTokenUntil, type PeekedToken, type TokenUser } from '../../auth/token.js';
import { verifyVisitor, type Actor } from '../../auth/visitor.js';
import { PUBLIC, scopeOf, type Scope } from '../../moderation/visibility.js';
import type { Site } from '../../sites/sites.js';
import { viewerUser, type UserRow } from '../../threads/users.js';

/** Someone signed in: a reader of the host (any role) or a guest of guest mode. */
interface Person<K, R> {
  kind: K;
  /** What the token says: `sub` is the host's user id (`guest:<id>` for guests). */
  token: TokenUser;
  /** The role that counts now: the site configuration's, the admin API's grant or a trusted claim. */
  role: R;
  /** The stored user (created or refreshed on first call): `id` is the public `Author.id`. */
  user(): Promise<UserRow>;
}

/** Who is calling, from the one Authorization header the request carries. */
export type Caller =
  | { kind: 'none' }
  | { kind: 'visitor'; id: string; /** The visitor token itself, which also names the visitor in a visit. */ token: string }
  | Person<'reader', Role>
  | Person<'guest', 'guest'>
  | { kind: 'key'; label: string };

export type CallerKind = Caller['kind'];
type ResolveCaller = () => Promise<Caller>;

declare module 'hono' {
  interface ContextVariableMap {
    /** The caller, resolved (token verified, key looked up) on first call and remembered. */
    caller: ResolveCaller;
  }
}

const NONE: Caller = { kind: 'none' };

/**
 * Reader tokens verified, per site and what verifying depends on (its keys, issuer and trust in
 * token roles): a site whose keys or settings change starts afresh.
 */
const verified = new Map<string, { fingerprint: string; tokens: Map<string, { user: TokenUser; until: number }> }>();
const fingerprints = new WeakMap<Site, string>();
function fingerprintOf(site: Site): string {
  let fingerprint = fingerprints.get(site);
  if (fingerprint === undefined) {
    fingerprint = JSON.stringify([site.secret, site.keys, site.settings.issuer ?? null, site.settings.trustTokenRoles === true]);
    fingerprints.set(site, fingerprint);
  }
  return fingerprint;
}
function verifiedOf(site: Site): Map<string, { user: TokenUser; until: number }> {
  const fingerprint = fingerprintOf(site);
  let held = verified.get(site.id);
  if (!held || held.fingerprint !== fingerprint) verified.set(site.id, (held = { fingerprint, tokens: new Map() }));
  return held.tokens;
}
/** Tokens remembered per site; the least recently used go first. */
const MAX_VERIFIED = 5000;

/**
 * A reader token's verification, remembered until the token or a key of the site expires: a
 * reader's widget sends the same token with every request, and checking its signature costs
 * more than the rest of a read.
 */
async function verifiedReader(site: Site, token: string, peeked: PeekedToken): Promise<TokenUser> {
  const held = verifiedOf(site);
  const { user, until } = await verifyTokenUntil(site, token, peeked);
  if (held.size >= MAX_VERIFIED) held.delete(held.keys().next().value!);
  held.set(token, { user, until });
  return user;
}

function heldReader(site: Site, token: string): TokenUser | undefined {
  const held = verifiedOf(site);
  const hit = held.get(token);
  if (!hit) return undefined;
  held.delete(token);
  if (Date.now() >= hit.until) return undefined;
  held.set(token, hit);
  return hit.user;
}

/** Verifies a reader's, guest's or visitor's token (decoded once), or refuses it with its 401/403. */
async function tokenCaller(db: Database, site: Site, token: string): Promise<Caller> {
  const person = <K extends 'reader' | 'guest', R>(kind: K, verified: TokenUser, role: R): Person<K, R> => {
    let stored: Promise<UserRow> | undefined;
    return { kind, token: verified, role, user: () => (stored ??= viewerUser(db, site, verified)) };
  };
  const known = heldReader(site, token);
  if (known) return person('reader', known, siteRole(site, known.sub, known.role));
  const peeked = peekToken(token);
  if (peeked.type === 'visitor') return { kind: 'visitor', id: await verifyVisitor(site, token), token };
  if (peeked.type === 'guest') return person('guest', await verifyGuest(site, token), 'guest');
  const reader = await verifiedReader(site, token, peeked);
  return person('reader', reader, siteRole(site, reader.sub, reader.role));
}

/**
 * Parses the bearer once and installs `c.var.caller`, which resolves it on first use: under
 * `/v1/sites/…` (`credentials: 'token'`) as a reader's, guest's or visitor's token, under
 * `/v1/admin/…` (`'key'`) as a site API key. Routes that never ask pay nothing for a token.
 * Runs after the site middleware.
 */
export function identity(db: Database, credentials: 'token' | 'key'): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('authorization');
    let resolved: Promise<Caller> | undefined;
    c.set('caller', () => (resolved ??= (async () => {
      const site = c.var.site;
      const token = bearerToken(header);
      if (token === undefined) return NONE;
      if (credentials === 'key') return { kind: 'key', label: await findApiKey(db, site, token) };
      return tokenCaller(db, site, token);
    })()));
    await next();
  };
}

const SIGN_IN = 'this needs a sign-in: send Authorization: Bearer <token>';
const NOT_A_SIGN_IN = "a visitor token is not a sign-in: sign in with the site's login";

/** What each `auth` of the route table lets through; anything else is refused here. */
const GATES: Record<Auth, (caller: Caller) => void> = {
  none: () => {},
  optional: () => {},
  signedIn(caller) {
    if (caller.kind === 'visitor') throw unauthorized(NOT_A_SIGN_IN);
    if (caller.kind !== 'reader' && caller.kind !== 'guest') throw unauthorized(SIGN_IN);
  },
  reader(caller) {
    if (caller.kind === 'guest') throw forbidden("guests cannot do this: sign in with the site's login");
    if (caller.kind === 'visitor') throw unauthorized(NOT_A_SIGN_IN);
    if (caller.kind !== 'reader') throw unauthorized(SIGN_IN);
  },
  actor(caller) {
    if (caller.kind === 'none' || caller.kind === 'key') throw unauthorized(SIGN_IN);
  },
  moderator(caller) {
    if (caller.kind !== 'reader' && caller.kind !== 'guest') throw unauthorized(SIGN_IN);
    if (caller.role !== 'moderator' && caller.role !== 'admin') {
      throw forbidden(`this needs the role moderator or admin; the caller is ${caller.role}`);
    }
  },
  adminKey(caller) {
    if (caller.kind !== 'key') throw unauthorized('send the site API key as Authorization: Bearer thk_…');
  },
};

/** Refuses the request unless its caller may call a route of this `auth` (401 or 403). */
export function requireAuth(auth: Auth): MiddlewareHandler | undefined {
  if (auth === 'none' || auth === 'optional') return undefined;
  const gate = GATES[auth];
  return async (c, next) => {
    gate(await c.var.caller());
    await next();
  };
}

/** The caller of a route its auth has let through: a person for `signedIn`, `reader` and `moderator`. */
export async function personOf(c: Context): Promise<Extract<Caller, { kind: 'reader' | 'guest' }>> {
  const caller = await c.var.caller();
  if (caller.kind !== 'reader' && caller.kind !== 'guest') throw unauthorized(SIGN_IN);
  return caller;
}

/** The caller of a host-reader-only route (`auth: 'reader'`). */
export async function readerOf(c: Context): Promise<Person<'reader', Role>> {
  const caller = await personOf(c);
  if (caller.kind !== 'reader') throw forbidden("guests cannot do this: sign in with the site's login");
  return caller;
}

/**
 * The caller of a page load: a visitor or guest token that no longer counts (expired, or guest
 * mode turned off) reads as no token, so the page still loads and the widget asks for a new one
 * when needed; a refused reader token stays a 401.
 */
export async function viewerOf(c: Context): Promise<Caller> {
  try {
    return await c.var.caller();
  } catch (error) {
    let type: string | undefined;
    try {
      type = peekToken(bearerToken(c.req.header('authorization')) ?? '').type;
    } catch {
      // Not a JWT at all: the refusal stands.
    }
    if (type === 'visitor' || type === 'guest') return NONE;
    throw error;
  }
}

/** The caller of a read that never fails over a token: a refused one reads as none. */
export async function anyoneOf(c: Context): Promise<Caller> {
  return c.var.caller().catch(() => NONE);
}

/** Who reacts or visits, as the domain modules take it; null for none and keys. */
export function actorOf(caller: Caller): Actor | null {
  if (caller.kind === 'visitor') return { kind: 'visitor', id: caller.id };
  if (caller.kind === 'reader' || caller.kind === 'guest') return { kind: 'user', user: caller.token };
  return null;
}

/** What the caller may see of a thread: a moderator's view, a reader's own, or the public one. */
export async function scopeOfCaller(caller: Caller): Promise<Scope> {
  if (caller.kind !== 'reader' && caller.kind !== 'guest') return PUBLIC;
  return scopeOf({ id: (await caller.user()).id, role: caller.role });
}
