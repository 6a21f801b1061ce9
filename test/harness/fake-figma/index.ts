/**
 * A fake `figma` global for Node unit tests and the browser harness.
 *
 *   const fake = createFakeFigma({ command: 'remove' });
 *   const photo = fake.addImageLayer({ name: 'Photo', png, x: 0, y: 0 });
 *   fake.install();                  // globalThis.figma = fake.api, __html__ = options.html
 *   await fake.select([photo]);
 *   const bytes = await fake.api.currentPage.selection[0].exportAsync({ format: 'PNG' });
 *
 * `api` has PluginAPI's names and behaviour for the subset we model; cast it where a real
 * `PluginAPI` type is needed: `fake.api as unknown as PluginAPI`.
 */
import { FakeFigma, type CreateFakeFigmaOptions } from './controls.js';

export function createFakeFigma(options: CreateFakeFigmaOptions = {}): FakeFigma {
  return new FakeFigma(options);
}

export { FakeFigma, settle, toRgb } from './controls.js';
export type { CreateFakeFigmaOptions, ManifestLike, FrameOptions, ImageLayerOptions, Placement, ShapeOptions, VectorOptions } from './controls.js';
export { FakeFigmaApi, type DocumentAccess, type ParameterInputRecord, type ParameterSuggestion } from './api.js';
export { CLIENT_STORAGE_LIMIT_BYTES } from './client-storage.js';
export { MAX_IMAGE_SIDE, type ImageDecoder, type ImageFormat } from './images.js';
export * from './matrix.js';
export { FakeBaseNode } from './nodes/base.js';
export { FakeSceneNode } from './nodes/scene.js';
export * from './nodes/kinds.js';
export { NOTIFY_LIMIT, type NotificationRecord } from './notify.js';
export { PLUGIN_DATA_ENTRY_LIMIT, RELAUNCH_DESCRIPTION_LIMIT } from './nodes/base.js';
export type { RenderedImage } from './raster/export.js';
export { decodePngToRgba, encodePng, pixelAt, type Rgba } from './raster/rgba.js';
export type { DocumentSnapshot, FillSummary, NodeSnapshot } from './snapshot.js';
export type { UiHost, UiState } from './ui-bridge.js';
export type { BooleanOperation } from './nodes/state.js';
