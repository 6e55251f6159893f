import { CCompatCommand } from '../../cli/c-command.js';

export default class LtranSet extends CCompatCommand {
  static override summary = "Set ltran's log level: gazellectl ltran set loglevel {error | info | debug}.";
  static override examples = ['<%= config.bin %> ltran set loglevel info'];
  protected readonly words = ['ltran', 'set'];
}
