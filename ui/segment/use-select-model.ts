import { useCallback, useRef, useState } from 'preact/hooks';
import type { BundleProgress } from '../../models/bundle/load-bundle.js';
import { openBundleCache } from '../../models/bundle/open-bundle-cache.js';
import { DEFAULT_ENDPOINT } from '../../models/hub/hub-access.js';
import { SamSegmenter } from '../../models/segment/sam-segmenter.js';
import { DEFAULT_SELECT_MODEL, loadHubSamModel } from '../../models/segment/sam-source.js';
import { explainError, type Explanation } from '../errors/explain-error.js';
import { catalogLocationsAsync } from '../model/catalog-locations.js';
import { verifiedOrtAssetsAsync } from '../state/use-model.js';

/** What the Select tool says it needs: SlimSAM-77 as transformers.js's ONNX export publishes it. */
export const SELECT_MODEL = {
  repo: DEFAULT_SELECT_MODEL,
  name: 'SlimSAM-77',
  licence: 'Apache-2.0',
  size: '40 MB',
} as const;

export type SelectModelStatus =
  | { state: 'absent' }
  | { state: 'loading'; step: string; progress: BundleProgress | null }
  | { state: 'ready'; segmenter: SamSegmenter; note: string }
  | { state: 'error'; explanation: Explanation };

export interface SelectModel {
  status: SelectModelStatus;
  /** Downloads (or finds in the cache) and starts the select model. */
  download(): void;
}

/**
 * The Select tool's model, loaded only when asked for: from the Hub (the harness's stand-in where the harness
 * serves one) through the model cache, checked file by file, run by onnxruntime-web with the verified wasm.
 */
export function useSelectModel(): SelectModel {
  const [status, setStatus] = useState<SelectModelStatus>({ state: 'absent' });
  const loading = useRef(false);
  const download = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    void (async () => {
      try {
        setStatus({ state: 'loading', step: `Listing ${SELECT_MODEL.repo} on Hugging Face…`, progress: null });
        const [report, locations] = await Promise.all([openBundleCache(), catalogLocationsAsync()]);
        const signal = new AbortController().signal;
        const loaded = await loadHubSamModel({
          ref: SELECT_MODEL.repo,
          endpoint: locations.hubEndpoint ?? DEFAULT_ENDPOINT,
          cache: report.cache,
          signal,
          onProgress: (progress) => setStatus({ state: 'loading', step: progress.path ? `Downloading ${progress.path}` : 'Downloading…', progress }),
        });
        setStatus({ state: 'loading', step: 'Starting the select model…', progress: null });
        const assets = await verifiedOrtAssetsAsync(report, signal);
        const segmenter = await SamSegmenter.load(loaded.source, { assets });
        const kept = report.cache.kind === 'none' ? 'not kept: this window has no storage, so it downloads again when the plugin next opens (the hosted UI keeps it)' : `kept in ${report.cache.description}`;
        setStatus({ state: 'ready', segmenter, note: `${SELECT_MODEL.name} (${loaded.source.label}), ${kept}` });
      } catch (error) {
        setStatus({ state: 'error', explanation: explainError(error, 'load') });
      } finally {
        loading.current = false;
      }
    })();
  }, []);
  return { status, download };
}
