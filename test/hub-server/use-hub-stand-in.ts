import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { startHubStandIn, type HubStandIn, type HubStandInOptions } from './hub-stand-in.js';
import { writeTinyRepo, type TinyRepoOptions } from './tiny-repo.js';

/**
 * For a test file: each test gets a fresh temporary root holding `repos` (more with writeTinyRepo),
 * and `serve()` starts a stand-in over it; both are gone after the test.
 */
export function useHubStandIn(repos: Record<string, TinyRepoOptions> = {}) {
  const state: { root: string; hub: HubStandIn | undefined } = { root: '', hub: undefined };
  beforeEach(async () => {
    state.root = await mkdtemp(join(tmpdir(), 'hub-stand-in-'));
    for (const [id, options] of Object.entries(repos)) await writeTinyRepo(state.root, id, options);
  });
  afterEach(async () => {
    await state.hub?.close();
    state.hub = undefined;
    await rm(state.root, { recursive: true, force: true });
  });
  return {
    get root() {
      return state.root;
    },
    /** The running stand-in (after `serve`). */
    get hub(): HubStandIn {
      if (!state.hub) throw new Error('call serve() first');
      return state.hub;
    },
    async serve(options: Partial<HubStandInOptions> = {}): Promise<HubStandIn> {
      await state.hub?.close();
      state.hub = await startHubStandIn({ root: state.root, ...options });
      return state.hub;
    },
    /** Stops the stand-in now (e.g. to test an unreachable Hub). */
    async stop(): Promise<void> {
      await state.hub?.close();
      state.hub = undefined;
    },
  };
}
