import { describe, expect, it, vi } from 'vitest';
import { recordingHost } from '../support/recording-host.js';
import { formatBytes, markdownTable, ProgressTicker, progressLine, Reporter } from '../../src/report.js';

describe('Reporter', () => {
  it('redacts secrets from lines, outputs, summary and failures', async () => {
    const rec = recordingHost();
    const report = new Reporter(rec);
    report.addSecrets(['hunter2', 'hunter2', '']);
    expect(rec.secrets).toEqual(['hunter2']);
    report.info('password hunter2');
    report.warning('hunter2!');
    report.output('x', 'a-hunter2');
    await report.summary('| hunter2 |');
    report.fail(new Error('bad hunter2'));
    const everything = [...rec.lines, ...Object.values(rec.outputs), rec.summary, rec.failure ?? ''].join(
      '\n',
    );
    expect(everything).not.toContain('hunter2');
    expect(everything).toContain('password ***');
  });

  it('closes a group when the work throws', async () => {
    const rec = recordingHost();
    await expect(new Reporter(rec).group('Phase', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(rec.lines).toEqual(['group: Phase', 'endgroup']);
  });

  it('keeps a summary under the 1 MiB limit', async () => {
    const rec = recordingHost();
    await new Reporter(rec).summary('x'.repeat(2 * 1024 * 1024));
    expect(Buffer.byteLength(rec.summary)).toBeLessThan(1024 * 1024);
    expect(rec.summary).toContain('summary truncated');
  });
});

describe('formatting', () => {
  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
  });

  it('prints bytes and MB/s', () => {
    expect(progressLine('streamed', 20 * 1024 ** 2, 10_000)).toBe('20.0 MiB streamed in 10.0 s (2.1 MB/s)');
  });

  it('escapes pipes in table cells', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 'z\nw']])).toBe('| a | b |\n| --- | --- |\n| x\\|y | z w |\n');
  });
});

describe('ProgressTicker', () => {
  it('emits a line every interval, with or without new bytes, until stopped', () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const lines: string[] = [];
      const ticker = new ProgressTicker(
        'streamed',
        10_000,
        (line) => lines.push(line),
        () => now,
      );
      ticker.add(5 * 1024 * 1024);
      now = 10_000;
      vi.advanceTimersByTime(10_000);
      now = 20_000;
      vi.advanceTimersByTime(10_000);
      ticker.stop();
      vi.advanceTimersByTime(30_000);
      expect(lines).toEqual([
        '5.0 MiB streamed in 10.0 s (0.5 MB/s)',
        '5.0 MiB streamed in 20.0 s (0.3 MB/s)',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});
