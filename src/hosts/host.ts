/** Where a command's inputs come from and its log, outputs and summary go: a runner or a terminal. */

export interface Host {
  /** The raw value of an input by its kebab-case name; '' when unset. */
  input(name: string): string;
  /** Masks a secret in everything the host prints from now on. */
  setSecret(secret: string): void;
  info(line: string): void;
  /** A warning the reader should see (an annotation on a runner). */
  warning(message: string): void;
  startGroup(title: string): void;
  endGroup(): void;
  setOutput(name: string, value: string): void;
  /** Puts a folder on PATH for this process and, on a runner, for the job's later steps. */
  addPath(dir: string): void;
  /** Appends Markdown to the run's summary. */
  appendSummary(markdown: string): Promise<void>;
  /** Marks the run failed with a message (the process exits non-zero). */
  setFailed(message: string): void;
}
