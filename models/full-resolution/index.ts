export { inpaintFullResolution } from './inpaint-full-resolution.js';
export { outpaintFullResolution } from './outpaint-full-resolution.js';
export { planOutpaintRun, type OutpaintRunPlan } from './plan-outpaint-run.js';
export { planInpaintWindows } from './plan-inpaint-windows.js';
export { pasteWindowResult, windowMasks, type WindowMasks } from './paste-window.js';
export * from './types.js';
