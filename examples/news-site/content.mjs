/** The demo article, its readers and the floors its thread starts with. All of it is made up. */

export const SITE = { id: 'demo', name: '山城看点' };

export const ARTICLE = {
  page: 'a-20261124-laojie',
  path: '/',
  channel: '本地新闻',
  section: '城事',
  title: '城东老街改造完工 骑楼夜市本周六开市',
  author: '山城看点编辑部',
  publishedAt: '2026-11-24 09:30',
  reads: '1.2万',
  lead: '历时八个月的城东老街风貌改造工程日前通过验收，修缮后的骑楼街区将于本周六晚开放夜市。',
  paragraphs: [
    '记者从城东街道办事处获悉，老街风貌改造工程已于11月21日通过竣工验收。修缮后的骑楼街区将于本周六（11月29日）晚七点开放夜市，首批入驻摊位62个，其中近一半是老街原有商户。',
    '老街全长约六百米，现存骑楼建筑四十余栋，大多建于上世纪三四十年代。改造前，不少骑楼立面破损，外挂空调、广告牌和架空线缆杂乱交错，一到雨天，街面积水没过脚踝。此次改造采用“修旧如旧”的办法：保留原有青砖和木窗，对危险构件逐一加固，架空线缆全部入地，街面重铺透水石板。',
    '“最难的是不能大拆大建。”项目负责人告诉记者，每一栋楼施工前都做了测绘建档，连门楣上的老字号招牌也拆下来编号保存，修缮后原样挂回。“街坊们回来，要一眼认得出自家门口。”',
    '夜市每周五至周日营业，时间为18:00至23:00。街道办表示，摊位以本地小吃和手工艺为主，同类摊位设数量上限，不引入连锁品牌；原住商户回迁租金维持改造前标准，三年内不上调。',
    '交通方面，老街不设机动车停车位。东门社会停车场周末延长开放至次日凌晨1点；市民也可乘坐轨道交通3号线至老街站，从2号出口步行约三分钟即到。开市首周，东门入口将安排志愿者引导人流。',
    '对于沿街居民关心的噪音问题，街道办称，夜市将在23点准时收摊，经营音响须备案，并开通了意见热线，居民反映的问题将在三个工作日内答复。',
  ],
  related: [
    '轨道交通3号线老街站2号出口本月底恢复通行',
    '东门社会停车场周末延时开放，收费标准不变',
    '城东片区老旧小区改造第二批名单公示',
    '冬季夜市安全检查启动 重点检查燃气和消防通道',
  ],
};

/** Users of the host site. A real host has its own accounts; these stand in for them. `moderator`: moderates the comments. */
export const READERS = [
  { sub: 'u-linxiaoyu', name: '林晓雨', note: '读者' },
  { sub: 'u-zhoujianguo', name: '周建国', note: '读者' },
  { sub: 'u-chenxiaoman', name: '陈小满', note: '读者' },
  { sub: 'editor', name: '山城看点编辑部', note: '本文作者' },
  { sub: 'u-moderator', name: '版主老周', note: '版主', moderator: true },
];

const reader = (sub) => {
  const found = READERS.find((r) => r.sub === sub);
  return found ? { sub: found.sub, name: found.name } : null;
};

export const THREAD_AUTHOR = reader('editor');

/** Floors 2–10 of the demo thread, in posting order. `quote` is a floor number. */
export const SEED_FLOORS = [
  {
    author: reader('u-linxiaoyu'),
    body: '终于等到了！上周路过还围着挡板，今天再去看骑楼全露出来了，老字号招牌也挂回去了。周六带爸妈去逛。',
  },
  {
    author: reader('u-zhoujianguo'),
    body: '小时候天天在这条街上跑，**骑楼**终于修好了。就是停车怎么办？周末开车过去有地方停吗？',
  },
  {
    author: THREAD_AUTHOR,
    quote: 3,
    body: '文中写了：东门社会停车场周末延长开放到次日凌晨1点。不过开市头几天人多，更建议坐轨道3号线到老街站，2号出口出来步行三分钟。',
  },
  {
    author: { sub: 'u-chenxiaoman', name: '陈小满' },
    body: '希望别又改成千篇一律的“网红街”，臭豆腐、大香肠、小商品一条龙……原来那家凉面和豆花饭还在不在？',
  },
  {
    author: { sub: 'u-wangdeming', name: '王德明' },
    body: '我家就是老街上开了二十多年的修表铺，这次改造搬出去八个月，下周回迁。租金没涨，街道说原住户优先，这点要点个赞。',
  },
  {
    author: { sub: 'u-liutingting', name: '刘婷婷' },
    body: '带娃去的话几点人少一点？六点刚开市那会儿会不会好些',
  },
  {
    author: reader('u-linxiaoyu'),
    quote: 5,
    body: '豆花饭那家还在！老板娘说开市当天豆花免费加一份，凉面搬到了东门口第三个铺面。',
  },
  {
    author: { sub: 'u-zhaolei', name: '赵磊' },
    body: '施工吵了大半年，刚清净下来，结果又要开夜市了 😂 住楼上的心情很复杂，只求23点真能准时收摊。',
  },
  {
    author: reader('u-zhoujianguo'),
    body: '打卡留念：2026年11月的老街。等开市了来补图。',
  },
];
