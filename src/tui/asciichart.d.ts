// asciichart ships no types; only what the history chart uses.
declare module 'asciichart' {
  export interface PlotConfig {
    height?: number;
    offset?: number;
    padding?: string;
    colors?: string[];
    min?: number;
    max?: number;
    format?: (x: number, i: number) => string;
  }
  export const green: string;
  export const blue: string;
  export const red: string;
  export const cyan: string;
  export const magenta: string;
  export const yellow: string;
  export const reset: string;
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  const asciichart: {
    plot: typeof plot;
    green: string;
    blue: string;
    red: string;
    cyan: string;
    magenta: string;
    yellow: string;
    reset: string;
  };
  export default asciichart;
}
