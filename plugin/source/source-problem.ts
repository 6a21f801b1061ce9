/** Why a source can't be used, in terms the person can act on (./source-problem-text.ts words them). */
export type SourceProblem =
  | { kind: 'nothing-selected' }
  | { kind: 'not-an-image'; name: string }
  /** `name` when the plugin still knows what the layer was called. */
  | { kind: 'deleted'; name?: string }
  | { kind: 'locked'; name: string }
  | { kind: 'zero-size'; name: string }
  /** A hidden layer that would be exported: Figma gives no render bounds for it, so no place for its pixels. */
  | { kind: 'hidden'; name: string }
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
  | { kind: 'export-mismatch'; name: string; expected: { width: number; height: number }; exported: { width: number; height: number } }
  /** The layer's render bounds after its export are not those the export was planned for: it moved or changed meanwhile. */
  | { kind: 'export-moved'; name: string };

export type Checked<T> = ({ ok: true } & T) | { ok: false; problem: SourceProblem };
