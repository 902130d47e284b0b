import type { LedgerEntry, PublicRule, ShareChannel } from '@teahouse/protocol';
import type { PointsMessages } from './messages.js';

/** "6 小时" / "2 days": the largest unit that divides the length exactly. */
export function duration(m: PointsMessages, seconds: number): string {
  const { units } = m;
  if (seconds > 0 && seconds % 86400 === 0) return units.day(seconds / 86400);
  if (seconds > 0 && seconds % 3600 === 0) return units.hour(seconds / 3600);
  if (seconds > 0 && seconds % 60 === 0) return units.minute(seconds / 60);
  return units.second(seconds);
}

/** "分享到微信朋友圈"; a copied link goes to no channel of its own. */
const shareTo = (m: PointsMessages, channel: ShareChannel): string => (channel === 'link' ? m.shareLink : m.shareTo(m.channels[channel]));

/** What a rule rewards: "分享到微信朋友圈", "发表回复", "每日签到". */
export function ruleName(m: PointsMessages, rule: PublicRule): string {
  switch (rule.action) {
    case 'share':
      return rule.channel ? shareTo(m, rule.channel) : m.shareOther;
    case 'reply':
      return m.reply;
    case 'reaction_received':
      return m.reactionReceived;
    case 'daily_visit':
      return m.dailyVisit;
  }
}

/** How often a rule awards: "仅一次", "每天 3 次", "每 6 小时 1 次", "不限次数". */
export function cycleText(m: PointsMessages, rule: PublicRule): string {
  switch (rule.cycle) {
    case 'once':
      return m.once;
    case 'day':
      return m.perDay(rule.limit);
    case 'interval':
      return m.perInterval(rule.limit, duration(m, rule.intervalSeconds ?? 86400));
    case 'unlimited':
      return m.unlimited;
  }
}

/** When a rule counts: shares by a visit to the tracked link or by the press; the rest by themselves. */
export function verifyText(m: PointsMessages, rule: PublicRule): string {
  if (rule.action !== 'share') return m.verifyAuto;
  return rule.verify === 'visit' ? m.verifyVisit : m.verifyIntent;
}

/** Why a history entry changed the balance, in the reader's words; the host's own texts are kept as they are. */
export function reasonText(m: PointsMessages, entry: LedgerEntry): string {
  switch (entry.reason) {
    case 'share': {
      if (!entry.channel) return m.shareArticle;
      const channel = m.channels[entry.channel];
      return entry.via === 'visit' ? m.shareVisited(channel) : shareTo(m, entry.channel);
    }
    case 'reply':
      return m.reply;
    case 'reaction_received':
      return m.reactionReceived;
    case 'daily_visit':
      return m.dailyVisit;
    case 'reversal': {
      // `ref` is "<entry id>" or "<entry id>:<why>"; "removed" is the server's own word.
      const why = entry.ref?.includes(':') ? entry.ref.slice(entry.ref.indexOf(':') + 1) : '';
      if (!why) return m.reversal;
      return m.detail(m.reversal, why === 'removed' ? m.removed : why);
    }
    case 'debit':
      return entry.ref ? m.detail(m.debit, entry.ref) : m.debit;
    default:
      return entry.reason;
  }
}
