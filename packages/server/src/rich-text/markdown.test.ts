import test from 'node:test';
import assert from 'node:assert/strict';
import { RootNode } from '@teahouse/protocol';
import { ApiError } from '../errors.js';
import { MAX_DEPTH, parseBody } from './markdown.js';

const paragraphText = (source: string) => {
  const root = parseBody(source);
  const first = root.children[0];
  assert.equal(first?.type, 'paragraph');
  return first.type === 'paragraph' ? first.children : [];
};

test('should keep the allowed subset', () => {
  const root = parseBody('*em* **strong** `code` [link](https://example.com)\nline\\\nbreak\n\n> quote\n\n1. one\n2. two\n\n```js\nlet x\n```');
  assert.ok(RootNode.safeParse(root).success);
  assert.deepEqual(root.children.map((c) => c.type), ['paragraph', 'blockquote', 'list', 'code']);
  const inline = root.children[0]?.type === 'paragraph' ? root.children[0].children.map((c) => c.type) : [];
  for (const type of ['emphasis', 'strong', 'inlineCode', 'link', 'break']) assert.ok(inline.includes(type as never), type);
  assert.deepEqual(root.children[2], {
    type: 'list', ordered: true, start: 1,
    children: [
      { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'one' }] }] },
      { type: 'listItem', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'two' }] }] },
    ],
  });
  assert.deepEqual(root.children[3], { type: 'code', value: 'let x', lang: 'js' });
});

test('should turn unsafe links, images, html and headings into text', () => {
  assert.deepEqual(paragraphText('[click](javascript:alert(1))'), [{ type: 'text', value: 'click' }]);
  assert.deepEqual(paragraphText('![alt text](https://example.com/x.png)'), [{ type: 'text', value: 'alt text' }]);
  assert.deepEqual(paragraphText('<img src=x onerror=alert(1)>'), [{ type: 'text', value: '<img src=x onerror=alert(1)>' }]);
  assert.deepEqual(paragraphText('# Title'), [{ type: 'text', value: 'Title' }]);
  assert.deepEqual(paragraphText('<script>alert(1)</script>'), [{ type: 'text', value: '<script>alert(1)</script>' }]);
  assert.deepEqual(paragraphText('[mail](mailto:a@example.com)'), [{ type: 'link', url: 'mailto:a@example.com', children: [{ type: 'text', value: 'mail' }] }]);
  assert.deepEqual(paragraphText('see www.example.com'), [
    { type: 'text', value: 'see ' },
    { type: 'link', url: 'http://www.example.com', children: [{ type: 'text', value: 'www.example.com' }] },
  ]);
});

test('should detect mentions but not e-mail addresses or code', () => {
  assert.deepEqual(paragraphText('hi @张三 and @bob_1!'), [
    { type: 'text', value: 'hi ' }, { type: 'mention', value: '张三' }, { type: 'text', value: ' and ' },
    { type: 'mention', value: 'bob_1' }, { type: 'text', value: '!' },
  ]);
  assert.ok(!paragraphText('mail a@b.example').some((n) => n.type === 'mention'));
  assert.deepEqual(paragraphText('`@x`'), [{ type: 'inlineCode', value: '@x' }]);
});

// The timeout turns a validation that grows exponentially with depth into a failure, not a hang.
test('should cap nesting depth and keep the text', { timeout: 10_000 }, () => {
  const deep = parseBody(`${'> '.repeat(10)}bottom`);
  assert.ok(RootNode.safeParse(deep).success);
  let depth = 0;
  let node: unknown = deep.children[0];
  while (node && (node as { type: string }).type === 'blockquote') {
    depth++;
    node = (node as { children: unknown[] }).children[0];
  }
  assert.equal(depth, MAX_DEPTH);
  assert.match(JSON.stringify(deep), /bottom/);
  const lists = parseBody(Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n'));
  assert.ok(RootNode.safeParse(lists).success);
  assert.match(JSON.stringify(lists), /level 19/);
});

test('should refuse stacked containers and delimiter runs that make parsing slow', { timeout: 10_000 }, () => {
  for (const source of ['- '.repeat(4000) + 'x', '> '.repeat(5000), '>'.repeat(10_000), '1. '.repeat(3000), '*'.repeat(5000) + 'a' + '*'.repeat(4999), '*_'.repeat(5000)]) {
    assert.throws(() => parseBody(source), (e: unknown) => e instanceof ApiError && e.code === 'validation_failed', source.slice(0, 20));
  }
  assert.ok(RootNode.safeParse(parseBody('> '.repeat(10) + 'ten deep is fine')).success);
  assert.ok(RootNode.safeParse(parseBody(`stars ${'*'.repeat(32)}`)).success);
});

test('should refuse a body with nothing visible', () => {
  for (const source of ['   ', '---', '[a]: https://example.com', '\n\n']) {
    assert.throws(() => parseBody(source), (e: unknown) => e instanceof ApiError && e.code === 'validation_failed', JSON.stringify(source));
  }
});
