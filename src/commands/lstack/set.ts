import { CCompatCommand } from '../../cli/c-command.js';

export default class LstackSet extends CCompatCommand {
  static override summary = 'Set the log level or low-power mode of an lstack instance.';
  static override description = `Same command line as the C gazellectl:
  gazellectl lstack set {IP | PID} loglevel {error | info | debug}
  gazellectl lstack set {IP | PID} lowpower {0 | 1}`;
  static override examples = [
    '<%= config.bin %> lstack set 192.168.1.10 loglevel debug',
    '<%= config.bin %> lstack set 4711 lowpower 1 -u 07',
  ];
  protected readonly words = ['lstack', 'set'];
}
