/** The fixed snapshot's screen as text, without colour (no terminal). */
import { Pen } from '../../../src/tui/screen/paint.js';
import { screenLines, type ScreenProps } from '../../../src/tui/screen/screen.js';
import { initialViewState, type ViewState } from '../../../src/tui/state/viewState.js';
import { fixedSnapshot } from './fixtures.js';

/** The live app's screen (filling the terminal) over the fixed snapshot. */
export const screenProps = (view: ViewState = initialViewState(), columns = 120, rows = 40): ScreenProps => ({
  snapshot: fixedSnapshot(),
  view,
  columns,
  rows,
  now: 5000,
  runDir: '/run/gz/',
  profile: 'v1.0.3',
});

export function screenFrame(view: ViewState = initialViewState(), columns = 120, rows = 40): string {
  return screenLines(new Pen('plain'), screenProps(view, columns, rows)).join('\n');
}
