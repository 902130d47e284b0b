export {
  TextNode, BreakNode, InlineCodeNode, MentionNode, StickerNode, EmphasisNode, StrongNode, LinkNode, InlineNode,
  ParagraphNode, CodeNode, BlockquoteNode, ListItemNode, ListNode, BlockNode, RootNode, toPlainText,
} from './rich-text.js';
export { excerpt, EXCERPT_LENGTH } from './plain-text.js';
export { LOCALES, resolveLocale, type Locale } from './locale.js';
export {
  SHARE_CHANNELS, CHANNEL_NAMES, WORDS, isWechatChannel, floorLabel, awardText, enWords, zhCNWords, zhTWWords, type LocaleWords,
} from './words/index.js';
export { HTTP_URL_PATTERN, isHttpUrl, isSafeImageUrl } from './urls.js';
export { balanceBidi } from './bidi.js';
export { ErrorCode, ErrorCodeSchema, ErrorIssue, ErrorBody } from './errors.js';
export {
  SITE_ID_PATTERN, MAX_BODY_LENGTH, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE,
  SiteId, PageKey, Role, AuthorRole, Author, FloorKind, FloorStatus, QuotedFloor, FloorRegion, Floor, Thread, Sort, FloorPage,
  SiteConfig, Viewer, Bootstrap, BootstrapQuery, FloorsQuery, FloorParams, SiteParams, FloorQuery,
  CursorString, CreateFloor, View, NESTED_REPLIES, ReplyGroup, AuthorId,
} from './schemas.js';
export { MAX_COUNT_PAGES, CountsQuery, Counts } from './counts.js';
export { routes, fillPath } from './routes.js';
export {
  REACTION_KEY_PATTERN, ReactionKey, ReactionOption, ReactionConfig, ReactionCounts, MyReactions, DEFAULT_REACTIONS, NEUTRAL_REACTIONS, EMOJI_REACTIONS,
} from './reaction-set.js';
export { SetReaction, ReactionState, WhoQuery, ReactionWho, VisitorToken } from './reactions.js';
export {
  FloorCreatedEvent, FloorUpdatedEvent, ReactionsChangedEvent, ThreadEvent, type ThreadEventType, EVENT_TYPES, EventId, EventsQuery,
} from './events.js';
export {
  DEFAULT_EDIT_WINDOW_SECONDS, DEFAULT_MAX_LINKS, EditFloor, FloorSource, PreviewRequest, PreviewResult,
} from './edits.js';
export {
  ShareChannel, WECHAT_CHANNELS, RewardAction, FloorAward, rewardRoutes, REFERRAL_PARAM, REFERRAL_CODE_PATTERN,
  RewardCycle, RewardVerify, RewardRule, Currency, RewardSettings, PublicRule, PointsRules, CreateShare, Share,
  ShareStatusQuery, ShareStatus, RecordVisit, VisitResult, CheckinResult, PointsBalance, LedgerStatus, LedgerEntry, HistoryQuery, PointsHistory,
  LeaderboardPeriod, LeaderboardQuery, Leaderboard, DebitRequest, ReverseRequest, AdminEntryParams, AdminLedgerEntry,
  LedgerWebhook,
} from './rewards.js';
export { VISITS_ROUTE } from './referral.js';
export {
  identityRoutes, type TokenErrorCode, TOKEN_ERROR_CODES, MAX_GUEST_NAME, CreateGuest, GuestToken, GrantedRole, SetRole, RoleParams,
  UserRole, SiteRoles,
} from './identity.js';
export {
  moderationRoutes, MODERATION_ADMIN_TWINS, ReportReason, REPORT_REASONS, Premoderation, DEFAULT_REPORT_THRESHOLD, MAX_WORDS,
  MAX_WORD_LENGTH, ModerationSettings, ModerationPolicy, WordLists, CreateReport, ReportReceipt, ReportSummary, QueueKind,
  HoldCause, ModeratedFloor, QueueQuery, ModerationQueue, FloorContext, FloorActionName, REASON_REQUIRED, FloorAction,
  ActionResult, BanKind, BanRequest, AuditActor, Ban, BansQuery, BanList, UnbanQuery, UnbanResult, AuditAction, AuditEntry,
  AuditQuery, AuditLog, FloorId, ModerationFloorParams, ModerationUserParams,
} from './moderation.js';
export {
  LocaleSchema, ReactionOptionSeed, ReactionSetName, ReactionSettings, RateWindow, LimitSettings, SiteSettings, SiteDefinition, SitesFile,
  SITE_SETTING_KEYS,
} from './site-settings.js';
export {
  STICKER_NAME_PATTERN, MAX_STICKER_BYTES, MAX_PACK_STICKERS, StickerName, StickerParams, StickerPack, StickerList,
} from './stickers.js';
export {
  NoticeKind, ModerationOutcome, NoticeActor, Notice, NoticesQuery, NoticeList, NoticeId, MarkNotices, UnreadCount, MailMode,
  NotifyPrefs, Email, SetNotifyPrefs, UnsubscribeQuery, COMMENT_WEBHOOKS, CommentWebhookType, CommentWebhook, NotificationSettings,
} from './notifications.js';
export { CheckResult, Readiness } from './health.js';
