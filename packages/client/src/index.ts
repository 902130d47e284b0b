export { createClient } from './client.js';
export type {
  ClientOptions, TeahouseClient, BootstrapParams, FloorsParams, FloorParams, EditParams, SubscribeParams,
  ReactParams, WhoParams, Schema, Query, RequestOptions,
} from './client.js';
export { TeahouseError, HttpError, TimeoutError, NetworkError, ValidationError } from './errors.js';
export type { ValidationIssue } from './errors.js';
