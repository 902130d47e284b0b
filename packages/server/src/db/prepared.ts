import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Tables } from './schema.js';

/** A value no caller passes: it marks where a parameter goes in the compiled query. */
const slot = (i: number) => `\u0000teahouse-slot-${i}\u0000`;

/**
 * A query built and compiled by Kysely once, then run with new parameters. Building and
 * compiling a query costs more than SQLite answering one of the small indexed reads of a hot
 * path (SQLite's prepared statements are kept by SQL text already), so the reads every request
 * makes are compiled here once per dialect. `build` receives one placeholder per parameter and
 * must use each as a plain value (`where('id', '=', id)`), never to decide the query's shape.
 */
export function prepared<P extends unknown[], R>(
  build: (k: Kysely<Tables>, ...params: { [K in keyof P]: P[K] }) => Compilable<R>,
  arity: P['length'],
): (k: Kysely<Tables>, ...params: P) => Promise<R[]> {
  // By dialect (its adapter's class), not by instance: a compiled query runs on any Kysely of its
  // dialect, a Postgres transaction's included.
  const compiled = new WeakMap<object, { query: CompiledQuery<R>; at: (number | null)[] }>();
  return async (k, ...params) => {
    const dialect = k.getExecutor().adapter.constructor;
    let entry = compiled.get(dialect);
    if (!entry) {
      const slots = Array.from({ length: arity }, (_, i) => slot(i));
      const query = build(k, ...(slots as unknown as P)).compile();
      const at = query.parameters.map((value) => {
        const i = slots.indexOf(value as string);
        return i === -1 ? null : i;
      });
      if (new Set(at.filter((i) => i !== null)).size !== arity) throw new Error(`prepared: a parameter is not a plain value of ${query.sql}`);
      entry = { query, at };
      compiled.set(dialect, entry);
    }
    const { query, at } = entry;
    const parameters = at.map((i, n) => (i === null ? query.parameters[n] : params[i]));
    return (await k.executeQuery<R>({ ...query, parameters })).rows;
  };
}
