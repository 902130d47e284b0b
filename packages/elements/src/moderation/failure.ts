import type { ErrorBody } from '@teahouse/protocol';

/**
 * What a failed request says, read from the client's `HttpError` without `instanceof` (a chunk
 * loaded later must not bring a second copy of the client): its status (undefined when the request
 * got no answer), the ban that refused it, and the server's message.
 */
export interface Failure {
  status: number | undefined;
  ban: { until: string | null; reason: string | null } | undefined;
  message: string | undefined;
}

export function failureOf(error: unknown): Failure {
  const { status, body } = (error ?? {}) as { status?: unknown; body?: ErrorBody };
  return {
    status: typeof status === 'number' ? status : undefined,
    ban: body?.error.details?.ban,
    message: body?.error.message,
  };
}
