/** Why telemetry could not be read, in one line. A value for the view, never a crash. */
export class TelemetryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelemetryError';
  }
}
