export { createBridge } from './client.js';
export type { BridgeClient, BridgeOptions, SubscribeOptions, Subscription } from './client.js';
export type { SignTransaction, Sep10Login } from './auth.js';
export { swrAdapter, tanstackAdapter } from './cache.js';
export type { AdapterOptions } from './cache.js';
export type { OlderEvents } from './history.js';
export { BridgeError } from './http.js';
export type { Transition } from './machine.js';
export type { ActivityEvent, CacheAdapter, ConnectionState, Filters, Head, ResetInfo, Status } from './types.js';
