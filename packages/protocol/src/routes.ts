/** Paths of the JSON API, shared by the server, the client and the OpenAPI document. */
export const routes = {
  bootstrap: '/v1/sites/{site}/bootstrap',
  floors: '/v1/sites/{site}/floors',
  floor: '/v1/sites/{site}/floors/{number}',
  floorSource: '/v1/sites/{site}/floors/{number}/source',
  counts: '/v1/sites/{site}/counts',
  events: '/v1/sites/{site}/events',
  preview: '/v1/sites/{site}/preview',
  reactions: '/v1/sites/{site}/reactions',
  reactionsWho: '/v1/sites/{site}/reactions/who',
  visitor: '/v1/sites/{site}/visitor',
  guests: '/v1/sites/{site}/guests',
  openapi: '/v1/openapi.json',
} as const;

/** Fills `{name}` placeholders, URL-encoding each value. */
export function fillPath(path: string, params: Record<string, string | number>): string {
  return path.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(params[key])));
}
