/**
 * Keys from the terminal: node's readline decodes the escape sequences of arrows, pages and
 * modifiers; this turns each key into the typed character (if any) and the Key the keymap reads.
 * Keys typed quickly or pasted arrive as one key each, in order.
 */
import { emitKeypressEvents } from 'node:readline';
import type { Key } from '../state/keymap.js';

/** What node's readline reports with each key. */
export interface Keypress {
  name?: string;
  sequence?: string;
  ctrl?: boolean;
  meta?: boolean;
  shift?: boolean;
}

/** Keys that type nothing: their character (an escape sequence or a control code) is not input. */
const SPECIAL = new Set([
  'up',
  'down',
  'left',
  'right',
  'pageup',
  'pagedown',
  'home',
  'end',
  'return',
  'enter',
  'escape',
  'tab',
  'backspace',
  'delete',
  'insert',
  'clear',
  ...Array.from({ length: 12 }, (_, i) => `f${i + 1}`),
]);

export function decodeKey(str: string | undefined, press: Keypress | undefined): { input: string; key: Key } {
  const name = press?.name ?? '';
  const ctrl = Boolean(press?.ctrl);
  const key: Key = {
    upArrow: name === 'up',
    downArrow: name === 'down',
    leftArrow: name === 'left',
    rightArrow: name === 'right',
    pageUp: name === 'pageup',
    pageDown: name === 'pagedown',
    home: name === 'home',
    end: name === 'end',
    return: name === 'return' || name === 'enter',
    escape: name === 'escape',
    tab: name === 'tab',
    backspace: name === 'backspace',
    delete: name === 'delete',
    ctrl,
    shift: Boolean(press?.shift),
    meta: Boolean(press?.meta),
  };
  // Esc and a key in one read come as that key with meta: the key is still typed
  const typed = press?.meta && str?.startsWith('\x1b') ? str.slice(1) : str;
  const input = ctrl ? name : SPECIAL.has(name) ? '' : (typed ?? '');
  return { input, key };
}

/**
 * A lone Esc is told from the start of an escape sequence by a pause after it; readline's default
 * pause is half a second, which makes Esc feel slow. Sequences from a terminal arrive in one read.
 */
const ESCAPE_PAUSE_MS = 50;

/** Calls `onKey` for every key typed on `stdin` (a terminal in raw mode); returns the way to stop. */
export function listenKeys(stdin: NodeJS.ReadStream, onKey: (input: string, key: Key) => void): () => void {
  emitKeypressEvents(stdin, { escapeCodeTimeout: ESCAPE_PAUSE_MS } as unknown as Parameters<
    typeof emitKeypressEvents
  >[1]);
  const listener = (str: string | undefined, press: Keypress | undefined): void => {
    const { input, key } = decodeKey(str, press);
    onKey(input, key);
  };
  stdin.setRawMode?.(true);
  stdin.on('keypress', listener);
  stdin.resume();
  return () => {
    stdin.off('keypress', listener);
    stdin.setRawMode?.(false);
    stdin.pause();
  };
}
