import * as z from 'zod/mini';

/** One dependency `/readyz` checks: `ok`, or `absent` when the server is not configured to use it. */
export const CheckResult = z.enum(['ok', 'absent']);

/** `GET /readyz` when ready: each dependency checked and its result. */
export const Readiness = z.object({
  ok: z.literal(true),
  checks: z.object({ database: CheckResult, redis: CheckResult }),
});
export type Readiness = z.infer<typeof Readiness>;
