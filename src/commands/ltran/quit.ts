import { CCompatCommand } from '../../cli/c-command.js';

export default class LtranQuit extends CCompatCommand {
  static override summary = 'Ask ltran to exit.';
  static override examples = ['<%= config.bin %> ltran quit -u 08'];
  protected readonly words = ['ltran', 'quit'];
}
