// The reference part of each element page, read from the element's own source: the class JSDoc is
// the element's public contract (@summary, @fires, @slot, @csspart, @cssproperty), its reactive
// properties (Lit decorators, or a static `properties` object) the attributes and properties. A page says
// `<!-- element-reference teahouse-x -->` where the tables go.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = fileURLToPath(new URL('../../packages/elements/src/', import.meta.url));
const MARKER = /^<!--\s*element-reference\s+(teahouse-[a-z-]+)\s*-->\s*$/;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** Where `tag` is defined: the class registered under it and the file that declares the class. */
function locate(tag) {
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, 'utf8');
    const defined = code.match(new RegExp(`\\b(\\w+)\\.define\\('${tag}'\\)`));
    if (!defined) continue;
    const className = defined[1];
    const from = code.match(new RegExp(`import\\s*\\{[^}]*\\b${className}\\b[^}]*\\}\\s*from\\s*'(\\.[^']+)'`));
    const declared = from ? resolve(dirname(file), from[1].replace(/\.js$/, '.ts')) : file;
    return { className, file: declared };
  }
  throw new Error(`no source defines <${tag}>`);
}

const text = (comment) => (typeof comment === 'string' ? comment : (comment ?? []).map((part) => part.text).join('')).trim();
const split = (comment) => {
  const [name, ...rest] = text(comment).split(/\s+-\s+/);
  return { name: name.trim(), description: rest.join(' - ').replace(/\s+/g, ' ').trim() };
};

/** The element's contract, in the shape of a custom-elements.json declaration. */
export function describeElement(tag) {
  const { className, file } = locate(tag);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const declaration = source.statements.find((node) => ts.isClassDeclaration(node) && node.name?.text === className);
  if (!declaration) throw new Error(`${file}: no class ${className}`);
  const doc = ts.getJSDocCommentsAndTags(declaration).find(ts.isJSDoc);
  const tags = (name) => (doc?.tags ?? []).filter((t) => t.tagName.text === name).map((t) => split(t.comment));

  // Reactive properties are declared either with Lit's decorators (`@property({…}) name`) or in a
  // static `properties` object with documented `declare` fields.
  const options = (node) => Object.fromEntries((node?.properties ?? []).filter(ts.isPropertyAssignment).map((p) => [p.name.getText(source), p.initializer.getText(source)]));
  const attributeOf = (name, opts) => (opts.attribute === 'false' ? null : opts.attribute?.replace(/^'|'$/g, '') ?? name.toLowerCase());
  const members = new Map();
  const fields = [];
  for (const member of declaration.members) {
    if (!ts.isPropertyDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
    const modifiers = ts.getModifiers(member) ?? [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword || m.kind === ts.SyntaxKind.StaticKeyword)) continue;
    const comment = ts.getJSDocCommentsAndTags(member).find(ts.isJSDoc);
    const described = { type: member.type?.getText(source) ?? '', description: text(comment?.comment).replace(/\s+/g, ' ') };
    members.set(member.name.text, described);
    const decorator = (ts.getDecorators(member) ?? []).map((d) => d.expression).find((e) => ts.isCallExpression(e) && e.expression.getText(source) === 'property');
    if (decorator) fields.push({ name: member.name.text, attribute: attributeOf(member.name.text, options(decorator.arguments[0])), ...described });
  }
  const properties = declaration.members.find((m) => ts.isPropertyDeclaration(m) && m.name?.getText(source) === 'properties');
  for (const entry of properties?.initializer?.properties ?? []) {
    const name = entry.name.getText(source);
    const opts = options(entry.initializer);
    if (opts.state === 'true' || !members.has(name)) continue;
    fields.push({ name, attribute: attributeOf(name, opts), ...members.get(name) });
  }
  return {
    tagName: tag,
    summary: text(doc?.tags?.find((t) => t.tagName.text === 'summary')?.comment),
    description: text(doc?.comment).replace(/\s+/g, ' '),
    fields,
    events: tags('fires'),
    slots: tags('slot'),
    cssParts: tags('csspart'),
    cssProperties: tags('cssproperty'),
  };
}

const cell = (value) => String(value).replace(/\|/g, '\\|');

/** The reference tables of `tag`, as Markdown. */
export function elementReference(tag) {
  const element = describeElement(tag);
  const out = ['## Reference', '', element.description, ''];
  const table = (title, head, rows) => {
    if (!rows.length) return;
    out.push(`### ${title}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`), '');
  };
  table('Attributes and properties', ['attribute', 'property', 'type', 'description'],
    element.fields.map((f) => [f.attribute ? `\`${f.attribute}\`` : '(property only)', `\`${f.name}\``, f.type ? `\`${f.type}\`` : '', f.description]));
  table('Events', ['event', 'when'], element.events.map((e) => [`\`${e.name}\``, e.description]));
  table('Slots', ['slot', 'what'], element.slots.map((s) => [s.name ? `\`${s.name}\`` : '(default)', s.description]));
  table('CSS parts', ['part', 'what'], element.cssParts.map((p) => [`\`${p.name}\``, p.description]));
  table('CSS custom properties', ['property', 'what'], element.cssProperties.map((p) => [`\`${p.name}\``, p.description]));
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
