import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { render, Text } from 'ink';
import { useTerminalSize } from '../../../src/tui/hooks/useTerminalSize.js';

/** A fake TTY stdout whose size we control. */
class FakeStdout extends EventEmitter {
  columns = 100;
  rows = 30;
  isTTY = true;
  frames: string[] = [];
  write(s: string): boolean {
    this.frames.push(s);
    return true;
  }
}

function Size() {
  const { columns, rows } = useTerminalSize();
  return <Text>{`${columns}x${rows}`}</Text>;
}

test('follows resizes and removes its listener on unmount', async () => {
  const stdout = new FakeStdout();
  const before = stdout.listenerCount('resize');
  const app = render(<Size />, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    debug: true,
    patchConsole: false,
  });
  await sleep(20);
  assert.ok(stdout.frames.join('').includes('100x30'));
  stdout.columns = 140;
  stdout.rows = 50;
  stdout.emit('resize');
  await sleep(50);
  assert.ok(stdout.frames.join('').includes('140x50'));
  app.unmount();
  await sleep(10);
  assert.equal(stdout.listenerCount('resize'), before);
});
