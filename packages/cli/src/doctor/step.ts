/** How a step ended: `pass`, `warn` (works, but worth a look), `fail` (a problem), `skip` (not run). */
export type StepStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** The checks doctor runs, in order. */
export type StepId =
  | 'key'
  | 'base_url'
  | 'proxy'
  | 'dns'
  | 'tcp'
  | 'tls'
  | 'models'
  | 'model'
  | 'rate_limit'
  | 'chat';

/** One check's outcome: its mark, what was measured, and the fix when something is wrong. */
export interface DoctorStep {
  readonly id: StepId;
  readonly title: string;
  readonly status: StepStatus;
  /** What was found or measured ("93.184.216.34 in 12 ms"), or why the step was skipped. */
  readonly figure: string;
  /** Further findings, one per line (the problems found, the models listed). */
  readonly notes: readonly string[];
  /** What to do, when the step is not a pass. */
  readonly fix: string | undefined;
  /** Time the step took, in ms, for network steps. */
  readonly elapsedMs?: number | undefined;
  /** Facts for scripts (`--json`): addresses, status, model ids, the diagnosis reason. Never the key. */
  readonly data?: Readonly<Record<string, unknown>> | undefined;
}

/** A step's outcome without its title (the runner adds it in the chosen language). */
export type StepOutcome = Omit<DoctorStep, 'id' | 'title' | 'notes'> & { readonly notes?: readonly string[] };

/** Runs `work`, or settles with `'timeout'` after `ms`; the timer never outlives the race. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Milliseconds since `start` (a `performance.now()` reading), rounded. */
export const since = (start: number): number => Math.round(performance.now() - start);
