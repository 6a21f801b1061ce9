import { EngineError } from '../engine/errors.js';
import type { SafetensorsHeader, TensorEntry } from '../safetensors/safetensors-header.js';

export interface WeightFile {
  /** The external-data location the graph names (the session is given the file's bytes under it). */
  location: string;
  /** For messages: the file's path in the repo. */
  path: string;
  header: SafetensorsHeader;
}

/**
 * Every tensor of a component's safetensors files by state-dict key, plus the older names diffusers
 * still maps on load (`renames`: current key -> the key an older checkpoint stores it under). It
 * records which keys a graph used, so a checkpoint with weights the config does not explain is caught.
 */
export class WeightIndex {
  private readonly byKey = new Map<string, { entry: TensorEntry; location: string; path: string }>();
  private readonly used = new Set<string>();

  constructor(
    readonly component: string,
    files: readonly WeightFile[],
    private readonly renames: (key: string) => string[] = () => [],
  ) {
    for (const file of files) {
      for (const [key, entry] of file.header.tensors) this.byKey.set(key, { entry, location: file.location, path: file.path });
    }
  }

  get(key: string): { entry: TensorEntry; location: string; key: string } | undefined {
    for (const candidate of [key, ...this.renames(key)]) {
      const found = this.byKey.get(candidate);
      if (found) {
        this.used.add(candidate);
        return { entry: found.entry, location: found.location, key: candidate };
      }
    }
    return undefined;
  }

  describe(key: string): string {
    const found = this.byKey.get(key) ?? this.renames(key).map((k) => this.byKey.get(k)).find(Boolean);
    return `${this.component} weight ${key}${found ? ` (in ${found.path})` : ''}`;
  }

  missing(key: string): EngineError {
    return new EngineError(
      'bundle-mismatch',
      `The ${this.component} weights have no tensor ${key}, which its config.json calls for. The repo's weights and config do not match, or it is not an SD-1.5-family checkpoint.`,
    );
  }

  /** Keys no graph asked for (after building every graph that reads this index). */
  unused(): string[] {
    return [...this.byKey.keys()].filter((key) => !this.used.has(key));
  }
}
