/** The Host of a GitHub Actions runner: INPUT_* variables, workflow commands, GITHUB_OUTPUT, the job summary. */
import * as core from '@actions/core';
import type { Host } from './host.js';

export function actionsHost(): Host {
  return {
    input: (name) => core.getInput(name),
    setSecret: (secret) => core.setSecret(secret),
    info: (line) => core.info(line),
    warning: (message) => core.warning(message),
    startGroup: (title) => core.startGroup(title),
    endGroup: () => core.endGroup(),
    setOutput: (name, value) => core.setOutput(name, value),
    addPath: (dir) => core.addPath(dir),
    appendSummary: async (markdown) => {
      // Outside a runner (no GITHUB_STEP_SUMMARY) there is nowhere to write it.
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setFailed: (message) => core.setFailed(message),
  };
}
