import { CCompatCommand } from '../cli/c-command.js';

/** Catches C-style lines with an unknown or missing verb so the C grammar can explain them. */
export default class Compat extends CCompatCommand {
  static override hidden = true;
  static override summary = 'Run a gazellectl command line given as words.';
  protected readonly words: string[] = [];
}
