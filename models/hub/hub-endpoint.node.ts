import { hubEndpoint } from './hub-access.js';

/**
 * Node only (the CLI, tests): the Hub endpoint huggingface_hub would use, `HF_ENDPOINT` when set.
 * Browser code is given its endpoint as a parameter; it has no environment.
 */
export function hubEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return hubEndpoint(env.HF_ENDPOINT || undefined);
}
