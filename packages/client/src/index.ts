export { createClient } from './client.js';
export type {
  ClientOptions, GetToken, TeahouseClient, Endpoints, BootstrapParams, FloorsParams, FloorParams, EditParams, SubscribeParams,
  ReactParams, WhoParams, Schema, Query, RequestOptions, RequestFn,
} from './client.js';
export { TeahouseError, HttpError, TimeoutError, NetworkError, ValidationError } from './errors.js';
export type { ValidationIssue } from './errors.js';
