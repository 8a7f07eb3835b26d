import { styleText } from 'node:util';
import type { Severity } from '@kubeward/rules';

type Style = Parameters<typeof styleText>[0];
/** Styles text for a terminal, or leaves it plain. */
export type Paint = (style: Style, text: string) => string;

export const plain: Paint = (_style, text) => text;
export const ansi: Paint = (style, text) => styleText(style, text, { validateStream: false });

/**
 * Whether to colour the output, as https://no-color.org and the FORCE_COLOR convention ask: an
 * explicit --color/--no-color first, then FORCE_COLOR, then NO_COLOR, else only on a terminal
 * that is not `dumb` (never in a pipe, a file or most CI logs).
 */
export function colourEnabled(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTTY: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(isTTY) && env.TERM !== 'dumb';
}

export const SEVERITY_STYLE: Record<Severity, Style> = {
  CRITICAL: ['bold', 'red'],
  HIGH: 'red',
  MEDIUM: 'yellow',
  LOW: 'cyan',
  INFO: 'dim',
};
