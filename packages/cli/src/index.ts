/**
 * `@agnes-errors/cli`: the `agnes-errors` command (`doctor`, `explain`), and the same checks as
 * functions for scripts and tests.
 */
export { type DoctorOptions, type DoctorReport, runDoctor } from './doctor/doctor.ts';
export type { DoctorStep, StepId, StepStatus } from './doctor/step.ts';
export { type ExplainOptions, type ExplainResult, explain } from './explain/explain.ts';
export { type InputKind, type ParsedInput, parseErrorInput } from './explain/parse-input.ts';
export { type CliIO, exitCodes } from './io.ts';
export { cliVersion, main } from './main.ts';
