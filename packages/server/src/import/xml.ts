import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Parser } from 'htmlparser2';

// A streaming reader of big XML exports (Disqus, WordPress): it keeps only the element being
// read, hands each complete record element (`<post>`, `<item>`) over as a small tree, and reads
// the next chunk of the file only once the records of the last one are taken.

/** An element with its attributes, child elements and text (CDATA included), entities decoded. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** The line of its opening tag. */
  line: number;
}

/** The text of the first child named `name` (trimmed), or ''. */
export const childText = (element: XmlElement | undefined, name: string): string =>
  element?.children.find((c) => c.name === name)?.text.trim() ?? '';

export const child = (element: XmlElement | undefined, name: string): XmlElement | undefined =>
  element?.children.find((c) => c.name === name);

export interface XmlFile {
  /** Complete elements whose name `wanted` accepts, in document order, with the names of their ancestors. */
  elements(): AsyncGenerator<{ element: XmlElement; path: readonly string[] }>;
  /** Bytes read so far, and the file's size. */
  progress(): { done: number; total: number };
}

export async function readXml(file: string, wanted: (name: string, path: readonly string[]) => boolean): Promise<XmlFile> {
  const { size } = await stat(file);
  let bytes = 0;
  return {
    progress: () => ({ done: bytes, total: size }),
    async *elements() {
      const ready: { element: XmlElement; path: readonly string[] }[] = [];
      const path: string[] = [];
      const open: XmlElement[] = [];
      // Lines are counted once, up to each opening tag kept.
      let chunk = '';
      let chunkStart = 0;
      let scanned = 0;
      let line = 1;
      const lineAt = (index: number): number => {
        const from = Math.max(scanned, chunkStart);
        for (let i = from; i < index && i - chunkStart < chunk.length; i++) if (chunk.charCodeAt(i - chunkStart) === 10) line++;
        scanned = Math.max(scanned, index);
        return line;
      };
      const parser = new Parser({
        onopentag(name, attrs) {
          if (open.length > 0 || wanted(name, path)) {
            const element: XmlElement = { name, attrs, children: [], text: '', line: lineAt(parser.startIndex) };
            open.at(-1)?.children.push(element);
            open.push(element);
          }
          path.push(name);
        },
        ontext(text) {
          const current = open.at(-1);
          if (current) current.text += text;
        },
        onclosetag() {
          path.pop();
          const done = open.pop();
          if (done && open.length === 0) ready.push({ element: done, path: [...path] });
        },
      }, { xmlMode: true, decodeEntities: true, recognizeCDATA: true });
      const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 });
      for await (const text of stream as AsyncIterable<string>) {
        // Finish counting the chunk before it is replaced.
        lineAt(chunkStart + chunk.length);
        chunkStart += chunk.length;
        chunk = text;
        parser.write(text);
        bytes = stream.bytesRead;
        while (ready.length > 0) yield ready.shift()!;
      }
      parser.end();
      while (ready.length > 0) yield ready.shift()!;
    },
  };
}
