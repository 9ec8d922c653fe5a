export { createBridge } from './client.js';
export type { BridgeClient, BridgeOptions, SubscribeOptions, Subscription } from './client.js';
export type { SignTransaction, Sep10Login } from './auth.js';
export { swrAdapter, tanstackAdapter } from './cache.js';
export type { AdapterOptions } from './cache.js';
export { BridgeError } from './http.js';
export type { ActivityEvent, CacheAdapter, ConnectionState, Filters, ResetInfo, Status } from './types.js';
