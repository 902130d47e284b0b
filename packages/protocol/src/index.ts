export {
  TextNode, BreakNode, InlineCodeNode, MentionNode, EmphasisNode, StrongNode, LinkNode, InlineNode,
  ParagraphNode, CodeNode, BlockquoteNode, ListItemNode, ListNode, BlockNode, RootNode, toPlainText,
} from './rich-text.js';
export { ErrorCode, ErrorCodeSchema, ErrorIssue, ErrorBody } from './errors.js';
export {
  SITE_ID_PATTERN, MAX_BODY_LENGTH, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE,
  SiteId, PageKey, Role, Author, FloorKind, FloorStatus, QuotedFloor, Floor, Thread, Sort, FloorPage,
  SiteConfig, Viewer, Bootstrap, BootstrapQuery, FloorsQuery, FloorParams, SiteParams, FloorQuery,
  CursorString, CreateFloor,
} from './schemas.js';
export { routes, fillPath } from './routes.js';
export { floorLabel } from './labels.js';
