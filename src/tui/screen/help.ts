/** The keys, in a rounded box across the screen; in replay its own keys come first. */
import { KEY_HELP, REPLAY_KEY_HELP } from '../state/keymap.js';
import { visibleLength, type Pen } from './paint.js';

/** The live keys that replay's own keys replace are left out of its help. */
const REPLACED = new Set(['p', '+ / -', 'L', 'm', 'g']);

export function helpLines(pen: Pen, replay: boolean, width: number): string[] {
  const keys = replay ? [...REPLAY_KEY_HELP, ...KEY_HELP.filter(([k]) => !REPLACED.has(k))] : KEY_HELP;
  const inner = Math.max(1, width - 4);
  const content = [
    pen.line(replay ? 'gazellectl top --replay: keys' : 'gazellectl top: keys', { bold: true }, inner),
    ...keys.map(([k, what]) => pen.line([[k.padEnd(16), { color: 'cyan' }], what], undefined, inner)),
    pen.line('any key closes this help', { dim: true }, inner),
  ];
  const bar = '─'.repeat(Math.max(0, width - 2));
  return [
    `╭${bar}╮`,
    ...content.map((l) => `│ ${l}${' '.repeat(Math.max(0, inner - visibleLength(l)))} │`),
    `╰${bar}╯`,
  ];
}
