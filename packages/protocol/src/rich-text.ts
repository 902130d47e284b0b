import * as z from 'zod/mini';

/**
 * Comment bodies travel as a restricted mdast tree: only these node types exist, links
 * only carry http, https or mailto URLs and stickers only a pack and a name. Clients render it node by node, never as markup.
 */

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

export const TextNode = z.object({ type: z.literal('text'), value: z.string() });
export const BreakNode = z.object({ type: z.literal('break') });
export const InlineCodeNode = z.object({ type: z.literal('inlineCode'), value: z.string() });
export const MentionNode = z.object({
  type: z.literal('mention'),
  /** The display name after the @. */
  value: z.string().check(z.minLength(1), z.maxLength(64)),
});

/**
 * 表情: one of the site's stickers, by pack and name (`:pack/name:` in the source), never by URL;
 * its image comes from the Teahouse server that served the body. Names follow
 * `STICKER_NAME_PATTERN` (./stickers.ts): the server makes this node only for a sticker it has
 * installed, under a name it checked then. The pattern is not checked again here, where every
 * browser would pay for it in embed.js; a renderer binds the names into an image path only.
 */
export const StickerNode = z.object({
  type: z.literal('sticker'),
  pack: z.string(),
  name: z.string(),
});

export interface EmphasisNode { type: 'emphasis'; children: InlineNode[] }
export interface StrongNode { type: 'strong'; children: InlineNode[] }
export interface LinkNode { type: 'link'; url: string; children: InlineNode[] }
export type InlineNode =
  | z.infer<typeof TextNode>
  | z.infer<typeof BreakNode>
  | z.infer<typeof InlineCodeNode>
  | z.infer<typeof MentionNode>
  | z.infer<typeof StickerNode>
  | EmphasisNode
  | StrongNode
  | LinkNode;

export interface ParagraphNode { type: 'paragraph'; children: InlineNode[] }
export interface CodeNode { type: 'code'; value: string; lang?: string | null | undefined }
export interface BlockquoteNode { type: 'blockquote'; children: BlockNode[] }
export interface ListItemNode { type: 'listItem'; children: BlockNode[] }
export interface ListNode { type: 'list'; ordered: boolean; start?: number | null | undefined; children: ListItemNode[] }
export type BlockNode = ParagraphNode | CodeNode | BlockquoteNode | ListNode;
export interface RootNode { type: 'root'; children: BlockNode[] }

export const EmphasisNode: z.ZodMiniType<EmphasisNode> = z.object({
  type: z.literal('emphasis'),
  get children() { return z.array(InlineNode); },
});
export const StrongNode: z.ZodMiniType<StrongNode> = z.object({
  type: z.literal('strong'),
  get children() { return z.array(InlineNode); },
});
export const LinkNode: z.ZodMiniType<LinkNode> = z.object({
  type: z.literal('link'),
  url: z.string().check(z.maxLength(2048), z.regex(SAFE_URL)),
  get children() { return z.array(InlineNode); },
});
// A discriminated union picks the one option by `type`; a plain union would try every option
// at every level of a nested tree, which is exponential in its depth.
type Discriminable = Parameters<typeof z.discriminatedUnion>[1];
export const InlineNode: z.ZodMiniType<InlineNode> = z.discriminatedUnion('type', [
  TextNode, BreakNode, InlineCodeNode, MentionNode, StickerNode, EmphasisNode, StrongNode, LinkNode,
] as unknown as Discriminable) as unknown as z.ZodMiniType<InlineNode>;

export const ParagraphNode: z.ZodMiniType<ParagraphNode> = z.object({
  type: z.literal('paragraph'),
  children: z.array(InlineNode),
});
export const CodeNode: z.ZodMiniType<CodeNode> = z.object({
  type: z.literal('code'),
  value: z.string(),
  lang: z.optional(z.nullable(z.string().check(z.maxLength(32)))),
});
export const BlockquoteNode: z.ZodMiniType<BlockquoteNode> = z.object({
  type: z.literal('blockquote'),
  get children() { return z.array(BlockNode); },
});
export const ListItemNode: z.ZodMiniType<ListItemNode> = z.object({
  type: z.literal('listItem'),
  get children() { return z.array(BlockNode); },
});
export const ListNode: z.ZodMiniType<ListNode> = z.object({
  type: z.literal('list'),
  ordered: z.boolean(),
  start: z.optional(z.nullable(z.number())),
  children: z.array(ListItemNode),
});
export const BlockNode: z.ZodMiniType<BlockNode> = z.discriminatedUnion('type', [
  ParagraphNode, CodeNode, BlockquoteNode, ListNode,
] as unknown as Discriminable) as unknown as z.ZodMiniType<BlockNode>;

export const RootNode: z.ZodMiniType<RootNode> = z.object({
  type: z.literal('root'),
  children: z.array(BlockNode),
});

export { toPlainText } from './plain-text.js';
