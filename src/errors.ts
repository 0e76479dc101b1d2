/** Typed errors and the one way to turn anything thrown into a message. */

/** A user-supplied value is wrong. Raised before any side effect. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly input: string,
    message: string,
  ) {
    super(message);
  }
}

/** Several inputs are wrong at once; reported together so one run shows every mistake. */
export class InputErrors extends Error {
  override name = 'InputErrors';
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.message).join('\n'));
  }
}

/** A phase of a command failed; `step` names it so the log says where. */
export class StepError extends Error {
  override name = 'StepError';
  constructor(
    readonly step: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${step} failed: ${message}`, options);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (error.message) return error.message;
    return error.name;
  }
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** Runs `work`, wrapping any failure in a StepError that names the step. */
export async function step<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StepError || error instanceof InputError || error instanceof InputErrors)
      throw error;
    throw new StepError(name, errorMessage(error), { cause: error });
  }
}
