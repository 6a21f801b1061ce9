/** Why a source can't be used, in terms the person can act on (./source-problem-text.ts words them). */
export type SourceProblem =
  | { kind: 'nothing-selected' }
  | { kind: 'not-an-image'; name: string }
  /** `name` when the plugin still knows what the layer was called. */
  | { kind: 'deleted'; name?: string }
  | { kind: 'locked'; name: string }
  | { kind: 'zero-size'; name: string }
  | { kind: 'too-large'; name: string; width: number; height: number }
  | { kind: 'no-image-data'; name: string }
  /** `why`: the image fills its frame, has no frame to extend to, or already has the asked ratio. */
  | { kind: 'nothing-to-outpaint'; name: string; why: 'fills-frame' | 'no-frame' | 'ratio' }
  /** `usedUp`: the names of shapes an earlier run used and hid, that would be the mask if shown. */
  | { kind: 'no-mask'; name: string; usedUp?: string[] }
  | { kind: 'empty-mask'; name: string }
  | { kind: 'mask-covers-all'; name: string }
  | { kind: 'mask-size'; name: string; width: number; height: number }
  /** Figma's export of the layer is not the size its bounds say (plugin/README.md, "What the docs don't say"). */
  | { kind: 'export-mismatch'; name: string; expected: { width: number; height: number }; exported: { width: number; height: number } };

export type Checked<T> = ({ ok: true } & T) | { ok: false; problem: SourceProblem };
