/** How an instance is named on screen: its unix_prefix, or "(default)" for the empty one. */
export const label = (prefix: string): string => (prefix === '' ? '(default)' : prefix);
