/** How the command is called, for usage lines and for "see --help" hints. */
export const PROGRAM = 'npm run powerpaint --';

export function helpHint(command: string): string {
  return `See "${PROGRAM} ${command} --help".`;
}
