/** What the CLI reads and writes: injected, so tests run it without a child process. */
export interface CliIO {
  /**
   * Environment variables (`AGNES_API_KEY`, `AGNES_BASE_URL`, proxy variables, `LANG`).
   * @default process.env
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Writes to standard output. */
  readonly stdout: (text: string) => void;
  /** Writes to standard error. */
  readonly stderr: (text: string) => void;
  /**
   * Reads standard input to its end (for `explain -`).
   * @default reads process.stdin
   */
  readonly readStdin?: (() => Promise<string>) | undefined;
  /**
   * Whether standard output is a terminal (colours and marks are plain text otherwise).
   * @default false
   */
  readonly color?: boolean | undefined;
}

/** Process exit codes: all well, a problem found, a usage error. */
export const exitCodes = { ok: 0, problem: 1, usage: 2 } as const;
