import { describeValue, type FlagSpecs } from './flag-spec.js';

const WIDTH = 100;
const INDENT = 24;

/** The options part of `--help`: flags under their group headings, in table order, wrapped to 100 columns. */
export function flagHelp(specs: FlagSpecs): string {
  const groups = new Map<string, string[]>();
  for (const [name, spec] of Object.entries(specs)) {
    const left = `  --${name}${'value' in spec ? ` ${spec.value}` : ''}`;
    const value = describeValue(spec);
    const lines = wrap(value ? `${spec.help}; ${value}.` : spec.help, WIDTH - INDENT);
    const first = left.length < INDENT - 1 ? `${left.padEnd(INDENT)}${lines.shift()}` : left;
    const entry = [first, ...lines.map((line) => `${' '.repeat(INDENT)}${line}`)];
    groups.set(spec.group, [...(groups.get(spec.group) ?? []), ...entry]);
  }
  return [...groups].map(([group, lines]) => `${group}:\n${lines.join('\n')}`).join('\n\n');
}

/** Words into lines of at most `width` characters (a longer word gets a line of its own). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
