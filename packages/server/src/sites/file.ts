import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parse, parseDocument, type Document } from 'yaml';
import { SiteDefinition, SitesFile } from '@teahouse/protocol';
import { dotted } from './config.js';

// Site configuration files, YAML or JSON (JSON is read by the same parser: it is YAML too), so
// that every problem can name the file, the line and the key it is about.

/** One problem in a configuration file. */
export interface FileIssue {
  line: number;
  column: number;
  key: string;
  message: string;
}

export class ConfigFileError extends Error {
  readonly file: string;
  readonly issues: FileIssue[];

  constructor(file: string, issues: FileIssue[]) {
    issues = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
    super(issues.map((i) => `${file}:${i.line}:${i.column}: ${i.key ? `${i.key}: ` : ''}${i.message}`).join('\n'));
    this.file = file;
    this.issues = issues;
  }
}

/** The line and column of the deepest node of `path` the document has (a missing key points at its parent). */
function placeOf(doc: Document, lines: LineCounter, path: readonly PropertyKey[]): { line: number; column: number } {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

/** Reads `text` (from `file`) as site definitions: one site, or several under `sites:`. */
export function parseSitesFile(file: string, text: string): SiteDefinition[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ConfigFileError(file, doc.errors.map((error) => {
      const { line, col } = error.linePos?.[0] ?? { line: 1, col: 1 };
      return { line, column: col, key: '', message: error.message.split('\n')[0]! };
    }));
  }
  const value: unknown = doc.toJS();
  const several = value !== null && typeof value === 'object' && !Array.isArray(value) && 'sites' in value;
  const result = several ? SitesFile.safeParse(value) : SiteDefinition.safeParse(value);
  if (!result.success) {
    throw new ConfigFileError(file, result.error.issues.flatMap((issue) => {
      // Each unknown key on its own line, named in full.
      const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key]) : [issue.path];
      return paths.map((path) => ({
        ...placeOf(doc, lines, path),
        key: dotted(path),
        message: issue.code === 'unrecognized_keys' ? 'not a setting' : issue.message,
      }));
    }));
  }
  return several ? (result.data as SitesFile).sites : [result.data as SiteDefinition];
}

export async function readSitesFile(file: string): Promise<SiteDefinition[]> {
  return parseSitesFile(file, await readFile(file, 'utf8'));
}

/** A value typed on the command line, read as YAML: `3`, `true`, `[a, b]`, `{name: 积分}`. */
export const parseValue = (text: string): unknown => parse(text) as unknown;
