import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.js';

function sink(isTTY: boolean): { isTTY: boolean; text: string; write(t: string): void } {
  return { isTTY, text: '', write(t: string) { this.text += t; } };
}

describe('ProgressBar', () => {
  it('draws on a terminal and clears the line at the end', () => {
    const out = sink(true);
    const bar = new ProgressBar(out, 'backtest');
    bar.update(5, 10);
    expect(out.text).toContain('backtest [###############---------------]  50% 5/10');
    bar.update(10, 10);
    expect(out.text).toContain('100% 10/10');
    bar.finish();
    expect(out.text.endsWith('\r')).toBe(true);
  });

  it('writes nothing to a file or a pipe', () => {
    const out = sink(false);
    const bar = new ProgressBar(out, 'backtest');
    bar.update(1, 2);
    bar.update(2, 2);
    bar.finish();
    expect(out.text).toBe('');
  });
});
