import {
  CheckinResult, Leaderboard, PointsBalance, PointsHistory, PointsRules, Share, ShareStatus, VisitResult, rewardRoutes,
  type CreateShare, type RecordVisit,
} from '@teahouse/protocol';
import type { TeahouseClient } from './client.js';

/**
 * The rewards API (shares, visits, check-in, points), a separate entry so pages that only show
 * comments do not download its schemas.
 */
export interface RewardsApi {
  /** The viewer's tracked link for a page and channel; an `intent` rule awards the press. Needs a token. */
  share(input: CreateShare): Promise<Share>;
  /** What the viewer's shares of a page earn per channel, and what they already earned. Needs a token. */
  shareStatus(page: string): Promise<ShareStatus>;
  /** Records a visit through a tracked link (`code` from the page's `th_ref`). */
  visit(input: RecordVisit): Promise<VisitResult>;
  /** The daily check-in. Needs a token. */
  checkin(): Promise<CheckinResult>;
  /** The viewer's balance. Needs a token. */
  points(): Promise<PointsBalance>;
  /** The viewer's ledger entries, newest first. Needs a token. */
  pointsHistory(params?: { cursor?: string | null | undefined; limit?: number | undefined }): Promise<PointsHistory>;
  /** The site's currency and rules (积分规则), asked for once per page and site. */
  pointsRules(): Promise<PointsRules>;
  /** Top earners of today, this week or all time. */
  leaderboard(period?: 'day' | 'week' | 'all'): Promise<Leaderboard>;
}

/**
 * The site's rules by server and site: one request per page, however many elements show them
 * (the share bar of the comments, a `<teahouse-points>` beside them with a client of its own).
 */
const rulesOf = new Map<string, Promise<PointsRules>>();

/** The rewards API over a client: same site, token, timeout and retries. */
export function rewardsApi(client: TeahouseClient): RewardsApi {
  const request: TeahouseClient['request'] = (...args) => client.request(...args);
  const pointsRules = () => {
    const key = `${client.origin} ${client.site}`;
    let rules = rulesOf.get(key);
    if (!rules) {
      rulesOf.set(key, (rules = request(PointsRules, 'GET', rewardRoutes.pointsRules)));
      // A failure is asked again by the next caller.
      rules.catch(() => rulesOf.delete(key));
    }
    return rules;
  };
  return {
    share: (json) => request(Share, 'POST', rewardRoutes.shares, { json }),
    shareStatus: (page) => request(ShareStatus, 'GET', rewardRoutes.sharesMine, { query: { page } }),
    visit: (json) => client.visit(json),
    checkin: () => request(CheckinResult, 'POST', rewardRoutes.checkin),
    points: () => request(PointsBalance, 'GET', rewardRoutes.pointsMe),
    pointsHistory: ({ cursor, limit } = {}) => request(PointsHistory, 'GET', rewardRoutes.pointsHistory, { query: { cursor, limit } }),
    pointsRules,
    leaderboard: (period) => request(Leaderboard, 'GET', rewardRoutes.leaderboard, { query: { period } }),
  };
}
