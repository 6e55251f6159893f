/** The fixed snapshot's Screen, rendered once as text (ink-testing-library, no terminal). */
import { render } from 'ink-testing-library';
import { Screen } from '../../../src/tui/components/Screen.js';
import { initialViewState, type ViewState } from '../../../src/tui/state/viewState.js';
import { fixedSnapshot } from './fixtures.js';

/** The live app's Screen (filling the terminal) over the fixed snapshot. */
export const screenElement = (view: ViewState = initialViewState(), columns = 120, rows = 40) => (
  <Screen
    snapshot={fixedSnapshot()}
    view={view}
    columns={columns}
    rows={rows}
    now={5000}
    runDir="/run/gz/"
    profile="v1.0.3"
  />
);

export function screenFrame(view: ViewState = initialViewState(), columns = 120, rows = 40): string {
  const { lastFrame, unmount } = render(screenElement(view, columns, rows));
  const out = lastFrame() ?? '';
  unmount();
  return out;
}
