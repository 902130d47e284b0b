// Where each operation of the API lives: its method and path, named by its operation id. This is
// the part of the route table (./table.ts) a browser needs, kept apart from the table's schemas:
// a client imports the few it calls (`import * as endpoints from '@teahouse/protocol/endpoints'`)
// and its bundle takes those strings and nothing else. The table gives each one its parameters,
// body, responses, errors and authentication, and must cover every endpoint here (a type error
// otherwise).

/** One operation's address. */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path template: `{name}` placeholders, filled with `fillPath`. */
  path: string;
}

// Literal objects with literal paths, importing nothing: a bundler drops every one a page does
// not use (a top-level read of another module's object would be kept). `routes`, `rewardRoutes`,
// `identityRoutes` and `moderationRoutes` still name the same paths for clients written against
// them; the OpenAPI tests fail should the two disagree.
export const bootstrap = { method: 'GET', path: '/v1/sites/{site}/bootstrap' } as const;
export const threadHtml = { method: 'GET', path: '/v1/sites/{site}/threads/html' } as const;
export const listFloors = { method: 'GET', path: '/v1/sites/{site}/floors' } as const;
export const createFloor = { method: 'POST', path: '/v1/sites/{site}/floors' } as const;
export const getFloor = { method: 'GET', path: '/v1/sites/{site}/floors/{number}' } as const;
export const editFloor = { method: 'PATCH', path: '/v1/sites/{site}/floors/{number}' } as const;
export const deleteFloor = { method: 'DELETE', path: '/v1/sites/{site}/floors/{number}' } as const;
export const floorSource = { method: 'GET', path: '/v1/sites/{site}/floors/{number}/source' } as const;
export const preview = { method: 'POST', path: '/v1/sites/{site}/preview' } as const;
export const counts = { method: 'GET', path: '/v1/sites/{site}/counts' } as const;
export const events = { method: 'GET', path: '/v1/sites/{site}/events' } as const;
export const setReaction = { method: 'PUT', path: '/v1/sites/{site}/reactions' } as const;
export const reactionWho = { method: 'GET', path: '/v1/sites/{site}/reactions/who' } as const;
export const visitor = { method: 'POST', path: '/v1/sites/{site}/visitor' } as const;
export const createGuest = { method: 'POST', path: '/v1/sites/{site}/guests' } as const;

export const createShare = { method: 'POST', path: '/v1/sites/{site}/shares' } as const;
export const shareStatus = { method: 'GET', path: '/v1/sites/{site}/shares/mine' } as const;
export const recordVisit = { method: 'POST', path: '/v1/sites/{site}/visits' } as const;
export const checkin = { method: 'POST', path: '/v1/sites/{site}/checkin' } as const;
export const pointsMe = { method: 'GET', path: '/v1/sites/{site}/points/me' } as const;
export const pointsHistory = { method: 'GET', path: '/v1/sites/{site}/points/history' } as const;
export const pointsRules = { method: 'GET', path: '/v1/sites/{site}/points/rules' } as const;
export const leaderboard = { method: 'GET', path: '/v1/sites/{site}/points/leaderboard' } as const;
export const adminDebit = { method: 'POST', path: '/v1/admin/sites/{site}/points/debit' } as const;
export const adminReverse = { method: 'POST', path: '/v1/admin/sites/{site}/points/entries/{entry}/reverse' } as const;

export const adminListRoles = { method: 'GET', path: '/v1/admin/sites/{site}/roles' } as const;
export const adminGetRole = { method: 'GET', path: '/v1/admin/sites/{site}/roles/{user}' } as const;
export const adminGrantRole = { method: 'PUT', path: '/v1/admin/sites/{site}/roles/{user}' } as const;
export const adminRevokeRole = { method: 'DELETE', path: '/v1/admin/sites/{site}/roles/{user}' } as const;

export const reportFloor = { method: 'POST', path: '/v1/sites/{site}/floors/{number}/reports' } as const;
export const moderationQueue = { method: 'GET', path: '/v1/sites/{site}/moderation/queue' } as const;
export const moderationFloor = { method: 'GET', path: '/v1/sites/{site}/moderation/floors/{floor}' } as const;
export const moderateFloor = { method: 'POST', path: '/v1/sites/{site}/moderation/floors/{floor}/actions' } as const;
export const moderationBans = { method: 'GET', path: '/v1/sites/{site}/moderation/bans' } as const;
export const moderationBan = { method: 'POST', path: '/v1/sites/{site}/moderation/bans' } as const;
export const moderationUnban = { method: 'DELETE', path: '/v1/sites/{site}/moderation/bans/{user}' } as const;
export const moderationAudit = { method: 'GET', path: '/v1/sites/{site}/moderation/audit' } as const;
export const moderationWords = { method: 'GET', path: '/v1/sites/{site}/moderation/words' } as const;
export const moderationSetWords = { method: 'PUT', path: '/v1/sites/{site}/moderation/words' } as const;
export const moderationSettings = { method: 'GET', path: '/v1/sites/{site}/moderation/settings' } as const;
export const adminModerationQueue = { method: 'GET', path: '/v1/admin/sites/{site}/moderation/queue' } as const;
export const adminModerationFloor = { method: 'GET', path: '/v1/admin/sites/{site}/moderation/floors/{floor}' } as const;
export const adminModerateFloor = { method: 'POST', path: '/v1/admin/sites/{site}/moderation/floors/{floor}/actions' } as const;
export const adminModerationBans = { method: 'GET', path: '/v1/admin/sites/{site}/moderation/bans' } as const;
export const adminModerationBan = { method: 'POST', path: '/v1/admin/sites/{site}/moderation/bans' } as const;
export const adminModerationUnban = { method: 'DELETE', path: '/v1/admin/sites/{site}/moderation/bans/{user}' } as const;
export const adminModerationAudit = { method: 'GET', path: '/v1/admin/sites/{site}/moderation/audit' } as const;
export const adminModerationWords = { method: 'GET', path: '/v1/admin/sites/{site}/moderation/words' } as const;
export const adminModerationSetWords = { method: 'PUT', path: '/v1/admin/sites/{site}/moderation/words' } as const;
export const adminModerationSettings = { method: 'GET', path: '/v1/admin/sites/{site}/moderation/settings' } as const;

export const stickers = { method: 'GET', path: '/v1/sites/{site}/stickers' } as const;
export const sticker = { method: 'GET', path: '/v1/sites/{site}/stickers/{pack}/{name}' } as const;
export const listNotices = { method: 'GET', path: '/v1/sites/{site}/notifications' } as const;
export const unreadNotices = { method: 'GET', path: '/v1/sites/{site}/notifications/unread' } as const;
export const markNotices = { method: 'POST', path: '/v1/sites/{site}/notifications/read' } as const;
export const noticeStream = { method: 'GET', path: '/v1/sites/{site}/notifications/stream' } as const;
export const notifyPrefs = { method: 'GET', path: '/v1/sites/{site}/notifications/settings' } as const;
export const setNotifyPrefs = { method: 'PUT', path: '/v1/sites/{site}/notifications/settings' } as const;
export const unsubscribePage = { method: 'GET', path: '/v1/sites/{site}/notifications/unsubscribe' } as const;
export const unsubscribe = { method: 'POST', path: '/v1/sites/{site}/notifications/unsubscribe' } as const;

export const openapi = { method: 'GET', path: '/v1/openapi.json' } as const;
export const health = { method: 'GET', path: '/healthz' } as const;
export const ready = { method: 'GET', path: '/readyz' } as const;
