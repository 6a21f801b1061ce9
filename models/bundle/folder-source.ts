import { EngineError } from '../engine/errors.js';
import { missingFile, type BundleSource } from './bundle-source.js';
import { RangeNotSatisfiableError, type ByteOrigin } from './byte-origin.js';
import { MANIFEST_PATH } from './manifest.js';

/** A file of a picked folder and its path inside that folder ("unet/model.onnx"). */
export interface FolderFile {
  path: string;
  file: Blob;
}

/** What an `<input type="file" webkitdirectory>` gives, or files dropped one by one. */
export type PickedFiles = ArrayLike<Blob & { name: string; webkitRelativePath?: string }>;

/** A picked folder is both: `read` for the engine, `open` for loadBundle (streams, resumable slices). */
export type FolderBundle = BundleSource & ByteOrigin & { readonly files: ReadonlyMap<string, Blob> };

/**
 * A bundle from a folder the person picked: `<input type="file" webkitdirectory>`'s FileList (paths
 * from `webkitRelativePath`, which start with the picked folder's own name), `filesFromDrop()`'s
 * result, or `FolderFile`s. The bundle root is where `powerpaint.json` is, so picking the bundle
 * folder or the folder above it both work. Files are read from disk when asked, never copied ahead.
 */
export function bundleFromFolder(picked: PickedFiles | readonly FolderFile[]): FolderBundle {
  const all = toFolderFiles(picked);
  const top = all[0]?.path.split('/')[0] ?? 'the picked folder';
  const root = modelRoot(all.map((f) => f.path));
  if (root === undefined) {
    throw new EngineError(
      'missing-file',
      all.length === 0
        ? 'The picked folder is empty. Pick the model folder (the one with powerpaint.json, model_index.json or unet/ in it).'
        : `${top} holds no model: pick the folder with powerpaint.json (a PowerPaint bundle), model_index.json (a diffusers pipeline) or unet/, text_encoder/ … in it.`,
    );
  }
  const files = new Map(all.filter((f) => f.path.startsWith(root)).map((f) => [f.path.slice(root.length), f.file]));
  const label = `folder ${root ? root.replace(/\/$/, '') : top}`;
  const find = (path: string, self: BundleSource): Blob => {
    const file = files.get(path);
    if (!file) throw missingFile(self, path);
    return file;
  };
  return {
    label,
    files,
    listing: [...files].map(([path, file]) => ({ path, bytes: file.size })),
    async read(path) {
      return new Uint8Array(await find(path, this).arrayBuffer());
    },
    async open(path, offset) {
      const file = find(path, this);
      if (offset > 0 && offset >= file.size) throw new RangeNotSatisfiableError(`${path} has ${file.size} bytes`);
      return { start: offset, body: file.slice(offset).stream() as ReadableStream<Uint8Array> };
    },
  };
}

function toFolderFiles(picked: PickedFiles | readonly FolderFile[]): FolderFile[] {
  return Array.from(picked as ArrayLike<FolderFile | (Blob & { name: string; webkitRelativePath?: string })>, (item) =>
    'file' in item && 'path' in item
      ? { path: normalize(item.path), file: item.file }
      : { path: normalize(item.webkitRelativePath || item.name), file: item },
  );
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+/, '');
}

/**
 * Browser only: the files of folders (and files) dropped on the window, with their paths, walking
 * `webkitGetAsEntry()` directories. Call it synchronously in the drop handler (items expire after it).
 */
export function filesFromDrop(items: DataTransferItemList): Promise<FolderFile[]> {
  const entries: FileSystemEntry[] = [];
  for (let i = 0; i < items.length; i++) {
    const entry = items[i]?.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  return Promise.all(entries.map((entry) => walk(entry, ''))).then((lists) => lists.flat());
}

async function walk(entry: FileSystemEntry, prefix: string): Promise<FolderFile[]> {
  const path = `${prefix}${entry.name}`;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    return [{ path, file }];
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const children: FileSystemEntry[] = [];
  // readEntries returns batches (100 in Chromium) until an empty one.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) break;
    children.push(...batch);
  }
  return (await Promise.all(children.map((child) => walk(child, `${path}/`)))).flat();
}

const ROOT_MARKERS = [MANIFEST_PATH, 'model_index.json', 'unet/config.json', 'unet/model.onnx'];

/** The folder prefix ('' or 'name/') of the shallowest model marker, or undefined when there is none. */
function modelRoot(paths: readonly string[]): string | undefined {
  const roots = paths.flatMap((path) => ROOT_MARKERS.filter((marker) => path === marker || path.endsWith(`/${marker}`)).map((marker) => path.slice(0, -marker.length)));
  return roots.sort((a, b) => a.split('/').length - b.split('/').length)[0];
}
