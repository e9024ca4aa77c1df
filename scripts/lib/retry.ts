// Retrying what fails only because Azure has not caught up yet: a role assignment takes minutes
// to reach the data planes, and the first calls after provisioning are refused meanwhile.

export interface RetryOptions {
  /** Give up (rethrow) once this much time has passed since the first attempt. */
  retryForMs: number;
  /** The pause between attempts. */
  intervalMs: number;
  /** Says what is being waited for, once per retry. */
  log?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, retrying only errors `isTransient` accepts, within the time allowed. */
export async function retryWhile<T>(isTransient: (err: unknown) => boolean, what: string, attempt: () => Promise<T> | T, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.retryForMs;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!isTransient(err) || Date.now() + options.intervalMs > deadline) throw err;
      options.log?.(`${what}; retrying in ${Math.round(options.intervalMs / 1000)} s (${n})`);
      await (options.sleep ?? pause)(options.intervalMs);
    }
  }
}
