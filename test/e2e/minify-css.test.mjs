// The embed build's css`…` and html`…` minifiers (packages/embed/build/minify-css.mjs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, cssTemplateEdits, minifyCssText } from '../../packages/embed/build/minify-css.mjs';

const run = (code) => {
  const edits = cssTemplateEdits(code);
  return edits.length ? applyEdits(code, edits, 'x.js').code : code;
};

test('collapses whitespace and comments, keeps strings and descendant pseudo-classes', () => {
  const out = minifyCssText(
    `
    /* the card */
    :host {
      display: block;
      font: 15px "Noto  Sans",  sans-serif;
    }
    .meta::before { content: ' · '; }
    .list :focus-visible,
    a > b { margin: 0 auto; }
  `,
    true,
    true,
  );
  assert.equal(out, `:host{display:block;font:15px "Noto  Sans",sans-serif}.meta::before{content:' · '}.list :focus-visible,a > b{margin:0 auto}`);
});

test('keeps ${…} parts as they are, with a space where values meet them', () => {
  const code = 'const s = css `\n  a { color: ${ pick(`x ${y}`, { k: "}" }) } ${other};\n    margin: 0 }\n`;';
  assert.equal(run(code), 'const s = css `a{color:${ pick(`x ${y}`, { k: "}" }) } ${other};margin:0}`;');
});

test('leaves html`…` and other templates alone', () => {
  const code = 'const t = html`\n  <p>  a  </p>\n`; const u = `  x  `; const c = css`\n  b { }\n`;';
  assert.equal(run(code), 'const t = html`\n  <p>  a  </p>\n`; const u = `  x  `; const c = css`b{}`;');
});

test('maps the code after a template back to its original line', () => {
  const code = 'const c = css`\n  a {\n    color: red;\n  }\n`;\nexport const after = 1;\n';
  const { code: out, map } = applyEdits(code, cssTemplateEdits(code), 'x.js');
  assert.equal(out, 'const c = css`a{color:red}`;\nexport const after = 1;\n');
  assert.equal(map.sources[0], 'x.js');
  // [generated line, generated column, original line, original column] of every segment (0-based).
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const segments = [];
  let line = 0;
  let column = 0;
  map.mappings.split(';').forEach((text, generated) => {
    let genColumn = 0;
    for (const segment of text ? text.split(',') : []) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const c of segment) {
        const digit = B64.indexOf(c);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      genColumn += fields[0];
      line += fields[2];
      column += fields[3];
      segments.push([generated, genColumn, line, column]);
    }
  });
  assert.deepEqual(segments, [
    [0, 0, 0, 0], // const c = css`
    [0, 14, 0, 14], // the minified template text
    [0, 26, 4, 0], // `; after the template
    [1, 0, 5, 0], // export const after = 1;
  ]);
});
