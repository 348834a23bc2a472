import { type CliIO, main } from '@agnes-errors/cli';

/** What one run of the CLI wrote and returned. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr in the order they were written. */
  readonly order: readonly ('stdout' | 'stderr')[];
}

/** Runs the CLI's main function with the given arguments, environment and standard input. */
export async function run(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
  stdin?: string,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const order: ('stdout' | 'stderr')[] = [];
  const io: CliIO = {
    env,
    stdout: (text) => {
      stdout += text;
      order.push('stdout');
    },
    stderr: (text) => {
      stderr += text;
      order.push('stderr');
    },
    readStdin: async () => stdin ?? '',
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, order };
}

/** A doctor report from `--json` output. */
export interface JsonReport {
  readonly ok: boolean;
  readonly key: string | null;
  readonly steps: readonly {
    readonly id: string;
    readonly status: string;
    readonly figure: string;
    readonly notes: readonly string[];
    readonly fix?: string;
    readonly data?: Record<string, unknown>;
  }[];
}

/** The status of each step, by id. */
export function statuses(report: JsonReport): Record<string, string> {
  return Object.fromEntries(report.steps.map((step) => [step.id, step.status]));
}

export function step(report: JsonReport, id: string): JsonReport['steps'][number] {
  const found = report.steps.find((each) => each.id === id);
  if (!found) throw new Error(`no step ${id}`);
  return found;
}
