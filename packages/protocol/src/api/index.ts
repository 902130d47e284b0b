export { routeTable, type RouteTable, type RouteName } from './table.js';
export { Auth, MAX_BODY_DEPTH, MAX_REQUEST_BYTES, errorsOf, statusesOf, type Route, type RouteResponse, type RouteHeader, type ErrorStatus } from './route.js';
export type { Endpoint } from './endpoints.js';
