/** A countdown on stderr for long measurements (-l 30, -a 10), only when stderr is a terminal. */
export function startCountdown(seconds: number, write: (s: string) => void): () => void {
  const started = Date.now();
  const width = 30;
  const draw = () => {
    const elapsed = Math.min(seconds, (Date.now() - started) / 1000);
    const done = Math.round((elapsed / seconds) * width);
    const left = Math.ceil(seconds - elapsed);
    write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] measuring, ${left}s left `);
  };
  draw();
  const timer = setInterval(draw, 250);
  return () => {
    clearInterval(timer);
    write(`\r${' '.repeat(width + 30)}\r`);
  };
}
