import { Text } from 'ink';
import { VIEWS, type ViewName, type Sort } from '../state/viewState.js';

export interface ViewTabsProps {
  view: ViewName;
  sort: Sort;
  filter: string;
}

export function ViewTabs({ view, sort, filter }: ViewTabsProps) {
  return (
    <Text>
      {VIEWS.map((v, i) => (
        <Text key={v} inverse={v === view} bold={v === view}>
          {` ${i + 1} ${v} `}
        </Text>
      ))}
      <Text dimColor>{`  sort ${sort.column} ${sort.order}`}</Text>
      {filter ? <Text color="yellow">{`  filter "${filter}"`}</Text> : null}
    </Text>
  );
}
