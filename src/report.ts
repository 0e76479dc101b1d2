/** Everything a command tells the reader: masked log lines, groups, outputs, the summary, progress. */
import { errorMessage } from './errors.js';
import type { Host } from './hosts/host.js';
import { redact } from './secrets.js';

/** GitHub rejects a job summary over 1 MiB; stay well under it. */
const SUMMARY_LIMIT_BYTES = 1000 * 1024;

/**
 * Wraps a Host so that every line, output and summary passes through the secrets' redaction, not only
 * through the runner's own masking (which a terminal does not have and which misses multi-line text).
 */
export class Reporter {
  constructor(
    private readonly host: Host,
    private readonly secrets: string[] = [],
    /** Put before each line, e.g. "[app-db] " while several databases run at once. */
    private readonly prefix = '',
    /** Collapsible groups; off when parallel work would interleave them. */
    private readonly groups = true,
  ) {}

  /** A reporter for one of several concurrent jobs: its lines are prefixed, its phases are plain lines. */
  scoped(label: string, groups: boolean): Reporter {
    return new Reporter(this.host, this.secrets, `${this.prefix}[${label}] `, groups);
  }

  addSecrets(values: readonly string[]): void {
    for (const value of values) {
      if (value === '' || this.secrets.includes(value)) continue;
      this.secrets.push(value);
      this.host.setSecret(value);
    }
  }

  mask(text: string): string {
    return redact(text, this.secrets);
  }

  info(line: string): void {
    this.host.info(this.mask(this.prefix + line));
  }

  warning(message: string): void {
    this.host.warning(this.mask(this.prefix + message));
  }

  async group<T>(title: string, work: () => Promise<T>): Promise<T> {
    if (!this.groups) {
      this.info(`== ${title}`);
      return work();
    }
    this.host.startGroup(this.mask(this.prefix + title));
    try {
      return await work();
    } finally {
      this.host.endGroup();
    }
  }

  output(name: string, value: string | number): void {
    this.host.setOutput(name, this.mask(String(value)));
  }

  async summary(markdown: string): Promise<void> {
    let text = this.mask(markdown);
    if (Buffer.byteLength(text) > SUMMARY_LIMIT_BYTES) {
      text = `${Buffer.from(text).subarray(0, SUMMARY_LIMIT_BYTES).toString()}\n\n_(summary truncated)_\n`;
    }
    await this.host.appendSummary(text);
  }

  fail(error: unknown): void {
    this.host.setFailed(this.mask(errorMessage(error)));
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** "12.3 MiB streamed in 4.0 s (3.2 MB/s)": decimal MB/s, the unit transfer rates are quoted in. */
export function progressLine(verb: string, bytes: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? bytes / 1e6 / (elapsedMs / 1000) : 0;
  return `${formatBytes(bytes)} ${verb} in ${formatDuration(elapsedMs)} (${rate.toFixed(1)} MB/s)`;
}

/** A Markdown table; pipes and newlines in cells are escaped so a value cannot break the layout. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/**
 * Emits a progress line every `intervalMs` while work runs, whether or not bytes arrived (a slow
 * collection scan still shows the job is alive).
 */
export class ProgressTicker {
  private bytes = 0;
  private readonly started: number;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly verb: string,
    intervalMs: number,
    private readonly emit: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
    this.timer = setInterval(() => this.emit(this.line()), intervalMs);
    this.timer.unref();
  }

  add(bytes: number): void {
    this.bytes += bytes;
  }

  line(): string {
    return progressLine(this.verb, this.bytes, this.now() - this.started);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
