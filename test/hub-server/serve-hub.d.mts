/** Types for serve-hub.mjs, for the harness and tests that start the Hub stand-in from plain JS. */
export type { HubStandIn, HubStandInOptions } from './hub-stand-in.js';
export function startHubStandIn(options: import('./hub-stand-in.js').HubStandInOptions): Promise<import('./hub-stand-in.js').HubStandIn>;
