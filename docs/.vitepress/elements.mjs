// The reference part of each element page, from the elements' custom-elements.json (generated
// from each class's JSDoc and Lit decorators, checked by the tests), so a page cannot drift from
// the code. A page says `<!-- element-reference teahouse-x -->` where the tables go.
import { readFileSync } from 'node:fs';

const MANIFEST = new URL('../../packages/elements/custom-elements.json', import.meta.url);
const MARKER = /^<!--\s*element-reference\s+(teahouse-[a-z-]+)\s*-->\s*$/;

/** The manifest's declaration of `tag`. */
export function describeElement(tag) {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const declaration = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.customElement && d.tagName === tag);
  if (!declaration) throw new Error(`custom-elements.json has no <${tag}>`);
  return declaration;
}

const cell = (value) => String(value ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const code = (value) => (value ? `\`${cell(value)}\`` : '');

/** The reference tables of `tag`, as Markdown. */
export function elementReference(tag) {
  const element = describeElement(tag);
  const out = ['## Reference', '', cell(element.description), ''];
  const table = (title, head, rows) => {
    if (!rows.length) return;
    out.push(`### ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`), '');
  };
  // Public fields: the ones with an attribute, and the documented properties set from JavaScript.
  const fields = (element.members ?? []).filter((m) => m.kind === 'field' && !m.privacy && !m.static && (m.attribute || m.description));
  table('Attributes and properties', ['attribute', 'property', 'type', 'default', 'description'],
    fields.map((f) => [f.attribute ? code(f.attribute) : '(property only)', code(f.name), code(f.type?.text), code(f.default), cell(f.description)]));
  table('Methods', ['method', 'description'],
    (element.members ?? []).filter((m) => m.kind === 'method' && !m.privacy && !m.static && m.description).map((m) => [code(`${m.name}()`), cell(m.description)]));
  table('Events', ['event', 'type', 'when'], (element.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)]));
  table('Slots', ['slot', 'what'], (element.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)]));
  table('CSS parts', ['part', 'what'], (element.cssParts ?? []).map((p) => [code(p.name), cell(p.description)]));
  table('CSS custom properties', ['property', 'what'], (element.cssProperties ?? []).map((p) => [code(p.name), cell(p.description)]));
  return out.join('\n');
}

/** markdown-it plugin: `<!-- element-reference teahouse-x -->` becomes that element's reference. */
export function elementReferencePlugin(md) {
  md.core.ruler.push('teahouse_element_reference', (state) => {
    state.tokens = state.tokens.flatMap((token) => {
      const tag = token.type === 'html_block' ? token.content.trim().match(MARKER)?.[1] : undefined;
      return tag ? state.md.parse(elementReference(tag), state.env) : [token];
    });
  });
}
