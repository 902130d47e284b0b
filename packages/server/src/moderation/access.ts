/** Who acts, as the audit log records it. */
export type Actor =
  | { kind: 'user'; userId: string }
  | { kind: 'key'; label: string }
  | { kind: 'system'; label: string };
