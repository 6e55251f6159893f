import { strict as assert } from 'node:assert';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
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

/**
 * Nothing here depends on time: in debug mode ink writes each render at once, and React runs
 * effects (the resize subscription) from setImmediate. Draining those replaces the old real sleeps.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
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
  await settle();
  assert.ok(stdout.frames.join('').includes('100x30'));
  stdout.columns = 140;
  stdout.rows = 50;
  stdout.emit('resize');
  await settle();
  assert.ok(stdout.frames.join('').includes('140x50'));
  app.unmount();
  await settle();
  assert.equal(stdout.listenerCount('resize'), before);
});
