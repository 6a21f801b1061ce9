/**
 * The words for mask shapes a run used and then hid, shared by the plugin's problems and the window's hints
 * so the two never describe the same state differently. No Figma calls: the window imports this too.
 */

/** “A”, “A” and “B”, “A”, “B” and “C”. */
export function quotedNames(names: readonly string[]): string {
  const quoted = names.map((name) => `“${name}”`);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** Why the shapes over a layer no longer mark its mask: “Mask” was used by the last run and is hidden now. */
export function usedUpMaskText(names: readonly string[]): string {
  return names.length === 1
    ? `${quotedNames(names)} was used by the last run and is hidden now`
    : `${quotedNames(names)} were used by the last run and are hidden now`;
}

/** What to do about it, for one shape or several. */
export function showUsedUpMaskText(count: number): string {
  return count === 1 ? 'show it in Figma to use it again' : 'show them in Figma to use them again';
}
