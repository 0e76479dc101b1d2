/** A Host that records everything a command tells it, for unit tests. */
import type { Host } from '../../src/hosts/host.js';
import { Reporter } from '../../src/report.js';

export interface RecordingHost extends Host {
  lines: string[];
  secrets: string[];
  outputs: Record<string, string>;
  paths: string[];
  summary: string;
  failure: string | undefined;
}

export function recordingHost(): RecordingHost {
  const host: RecordingHost = {
    lines: [],
    secrets: [],
    outputs: {},
    paths: [],
    summary: '',
    failure: undefined,
    input: () => '',
    setSecret: (s) => void host.secrets.push(s),
    info: (l) => void host.lines.push(l),
    warning: (m) => void host.lines.push(`warning: ${m}`),
    startGroup: (t) => void host.lines.push(`group: ${t}`),
    endGroup: () => void host.lines.push('endgroup'),
    setOutput: (n, v) => void (host.outputs[n] = v),
    addPath: (dir) => void host.paths.push(dir),
    appendSummary: (m) => {
      host.summary += m;
      return Promise.resolve();
    },
    setFailed: (m) => void (host.failure = m),
  };
  return host;
}

export function recordingReporter(): { report: Reporter; host: RecordingHost } {
  const host = recordingHost();
  return { report: new Reporter(host), host };
}
