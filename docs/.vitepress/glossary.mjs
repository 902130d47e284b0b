// The Chinese terms the pages use, and a markdown-it plugin that explains each on its first use in
// a page (`<abbr title="…">`); glossary.md lists them all.

/** @type {{ id: string, term: string, reading: string, meaning: string }[]} */
export const TERMS = [
  { id: 'louzhu', term: '楼主', reading: 'lóuzhǔ', meaning: 'the original poster: the author of the thread, in Teahouse the article’s author, floor 1' },
  { id: 'louceng', term: '楼层', reading: 'lóucéng', meaning: 'floors: the flat view of a thread, every post numbered in order' },
  { id: 'n-lou', term: 'N楼', reading: 'N lóu', meaning: '“floor N”: a numbered post of a thread; 12楼 is floor 12' },
  { id: 'shafa', term: '沙发', reading: 'shāfā', meaning: '“sofa”: floor 2, the first reply' },
  { id: 'bandeng', term: '板凳', reading: 'bǎndèng', meaning: '“bench”: floor 3, the second reply' },
  { id: 'diban', term: '地板', reading: 'dìbǎn', meaning: '“floorboards”: floor 4, the third reply' },
  { id: 'qiantao', term: '嵌套', reading: 'qiàntào', meaning: 'nested: the view with replies under the floor they answer' },
  { id: 'fabiaoyu', term: '发表于', reading: 'fābiǎo yú', meaning: '“posted at”: the line above a quoted floor, as in “林晓雨 发表于 2026-11-24 22:46”' },
  { id: 'remen-huifu', term: '热门回复', reading: 'rèmén huífù', meaning: 'hot replies: the floors with the best reactions, shown above the thread' },
  { id: 'huifu', term: '回复', reading: 'huífù', meaning: 'reply' },
  { id: 'niubi', term: '牛逼', reading: 'niúbī', meaning: 'slang for “awesome”: the default up reaction' },
  { id: 'laji', term: '垃圾', reading: 'lājī', meaning: '“rubbish”: the default down reaction' },
  { id: 'jubao', term: '举报', reading: 'jǔbào', meaning: 'report: flag a floor for the moderators' },
  { id: 'zhiding', term: '置顶', reading: 'zhìdǐng', meaning: 'pinned: a floor a moderator put at the top of the thread' },
  { id: 'dianti-zhida', term: '电梯直达', reading: 'diàntī zhídá', meaning: '“elevator”: jump straight to floor N' },
  { id: 'zhikan-gai-zuozhe', term: '只看该作者', reading: 'zhǐ kàn gāi zuòzhě', meaning: 'only this author: show one author’s floors' },
  { id: 'zhikan', term: '只看', reading: 'zhǐ kàn', meaning: '“only show”: the filter to one author’s floors' },
  { id: 'zuizao', term: '最早', reading: 'zuìzǎo', meaning: 'oldest first (a sort order)' },
  { id: 'zuixin', term: '最新', reading: 'zuìxīn', meaning: 'newest first (a sort order)' },
  { id: 'zuire', term: '最热', reading: 'zuìrè', meaning: 'hottest first: by reactions (a sort order)' },
  { id: 'kandianbi', term: '看点币', reading: 'kàndiǎn bì', meaning: '“Kandian coins”: the demo site’s reward currency, in the style of Chinese news portals’ site coins; each site names its own' },
  { id: 'benban-jifen-guize', term: '本版积分规则', reading: 'běn bǎn jīfēn guīzé', meaning: '“this board’s points rules”: the thread footer’s link to the site’s points rules' },
  { id: 'jifen-guize', term: '积分规则', reading: 'jīfēn guīzé', meaning: 'points rules: which action earns how many points, how often' },
  { id: 'jifen', term: '积分', reading: 'jīfēn', meaning: 'points, credits' },
  { id: 'meiri-qiandao', term: '每日签到', reading: 'měirì qiāndào', meaning: 'daily check-in: points for the first visit of the day' },
  { id: 'pengyouquan', term: '朋友圈', reading: 'péngyǒu quān', meaning: 'WeChat Moments, a reader’s feed seen by their contacts' },
  { id: 'weixinqun', term: '微信群', reading: 'wēixìn qún', meaning: 'a WeChat group chat' },
  { id: 'weixin-haoyou', term: '微信好友', reading: 'wēixìn hǎoyǒu', meaning: 'a WeChat friend (one contact)' },
  { id: 'saoyisao', term: '扫一扫', reading: 'sǎo yī sǎo', meaning: '“scan”: WeChat’s QR code scanner' },
  { id: 'huiyuan', term: '会员', reading: 'huìyuán', meaning: 'member: a signed-in reader' },
  { id: 'youke', term: '游客', reading: 'yóukè', meaning: 'guest, visitor (遊客 in traditional characters)' },
  { id: 'banzhu', term: '版主', reading: 'bǎnzhǔ', meaning: 'moderator (“board master”)' },
  { id: 'guanliyuan', term: '管理员', reading: 'guǎnlǐyuán', meaning: 'administrator' },
  { id: 'xianshen-houfa', term: '先审后发', reading: 'xiān shěn hòu fā', meaning: 'premoderation: review first, publish after' },
  { id: 'dai-shenhe', term: '待审核', reading: 'dài shěnhé', meaning: 'awaiting review (the moderation queue)' },
  { id: 'shenhe-zhong', term: '审核中', reading: 'shěnhé zhōng', meaning: 'under review: what the author sees of a held floor' },
  { id: 'yi-yincang', term: '已隐藏', reading: 'yǐ yǐncáng', meaning: 'hidden (by a moderator)' },
  { id: 'yi-pingbi', term: '已屏蔽', reading: 'yǐ píngbì', meaning: 'blocked: hidden from everyone but its author' },
  { id: 'yi-shanchu', term: '已删除', reading: 'yǐ shānchú', meaning: 'deleted; the floor keeps its number' },
  { id: 'jinyan', term: '禁言', reading: 'jìnyán', meaning: '“silence”: a ban from posting' },
  { id: 'mingan-ci', term: '敏感词', reading: 'mǐngǎn cí', meaning: 'sensitive words: the site’s word list for holding or refusing posts' },
  { id: 'shancheng-kandian', term: '山城看点', reading: 'shānchéng kàndiǎn', meaning: '“Mountain City Highlights”: the made-up news portal of the demo' },
  { id: 'ip-shudi', term: 'IP属地', reading: 'IP shǔdì', meaning: '“IP location”: the province (or country) a comment was posted from, shown next to it' },
  { id: 'biaoqing', term: '表情', reading: 'biǎoqíng', meaning: '“expression”: emoji and stickers, and the composer’s panel of them' },
  { id: 'login-to-reply', term: '您需要登录后才可以回帖', reading: 'nín xūyào dēnglù hòu cái kěyǐ huítiě', meaning: '“you need to log in before you can reply”' },
];

const byTerm = new Map(TERMS.map((entry) => [entry.term, entry]));
// Longest first, so 本版积分规则 wins over 积分规则 and 积分.
const pattern = new RegExp([...byTerm.keys()].sort((a, b) => b.length - a.length).join('|'), 'g');
const escape = (text) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The `title` of a term's `<abbr>`. */
export const explain = ({ reading, meaning }) => `${reading}: ${meaning}`;

/** markdown-it plugin: the first use of each term in a page's text (not headings, not code) becomes an `<abbr>`. */
export function glossaryPlugin(md) {
  md.core.ruler.push('teahouse_glossary', (state) => {
    if (state.env?.relativePath === 'glossary.md') return;
    const seen = (state.env.glossarySeen ??= new Set());
    let heading = false;
    for (const block of state.tokens) {
      if (block.type === 'heading_open') heading = true;
      if (block.type === 'heading_close') heading = false;
      if (block.type !== 'inline' || heading || !block.children) continue;
      block.children = block.children.flatMap((token) => (token.type === 'text' ? annotate(state, token, seen) : [token]));
    }
  });
}

function annotate(state, token, seen) {
  const out = [];
  let rest = 0;
  for (const match of token.content.matchAll(pattern)) {
    if (seen.has(match[0])) continue;
    seen.add(match[0]);
    const entry = byTerm.get(match[0]);
    out.push(text(state, token.content.slice(rest, match.index)));
    const open = new state.Token('html_inline', '', 0);
    open.content = `<abbr class="term" title="${escape(explain(entry))}">`;
    const close = new state.Token('html_inline', '', 0);
    close.content = '</abbr>';
    out.push(open, text(state, match[0]), close);
    rest = match.index + match[0].length;
  }
  if (rest === 0) return [token];
  out.push(text(state, token.content.slice(rest)));
  return out.filter((t) => t.type !== 'text' || t.content);
}

function text(state, content) {
  const token = new state.Token('text', '', 0);
  token.content = content;
  return token;
}
