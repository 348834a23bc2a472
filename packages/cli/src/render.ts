import type { DoctorReport } from './doctor/doctor.ts';
import type { StepStatus } from './doctor/step.ts';
import type { ExplainResult } from './explain/explain.ts';
import type { Words } from './words.ts';

const marks: Readonly<Record<StepStatus, string>> = { pass: '✔', warn: '!', fail: '✘', skip: '-' };
const colors: Readonly<Record<StepStatus, number>> = { pass: 32, warn: 33, fail: 31, skip: 2 };

/** Columns a text takes in a terminal: CJK and full-width characters take two. */
const columns = (text: string): number =>
  [...text].reduce(
    (sum, character) =>
      sum +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        character,
      )
        ? 2
        : 1),
    0,
  );

const paint = (color: boolean, code: number, text: string): string =>
  color ? `\u001b[${code}m${text}\u001b[0m` : text;

/** Doctor's report as text: one line per step (mark, title, figure), then its notes and its fix. */
export function renderDoctor(report: DoctorReport, words: Words, color: boolean): string {
  const width = Math.max(...report.steps.map((step) => columns(step.title))) + 2;
  const lines: string[] = [`agnes-errors doctor · ${report.baseURL} · ${report.key ?? '-'}`, ''];
  for (const step of report.steps) {
    const mark = paint(color, colors[step.status], marks[step.status]);
    const title = step.title + ' '.repeat(Math.max(1, width - columns(step.title)));
    lines.push(`${mark} ${paint(color, 1, title)}${step.figure}`);
    for (const note of step.notes) lines.push(`  ${' '.repeat(width)}${note}`);
    if (step.fix && step.status !== 'pass' && step.status !== 'skip')
      lines.push(`  ${' '.repeat(width)}→ ${words.fixLabel}${step.fix}`);
  }
  const problems = report.steps.filter((step) => step.status === 'fail').length;
  lines.push(
    '',
    problems === 0 ? paint(color, 32, words.summaryOk) : paint(color, 31, words.summaryProblems(problems)),
  );
  return `${lines.join('\n')}\n`;
}

/** Explain's result as text: what the input was read as, the Agnes message, the reason, the fixes. */
export function renderExplain(result: ExplainResult, words: Words, color: boolean): string {
  const w = words.explain;
  if (!result.info || !result.message) return `${w.nothing}\n`;
  const lines = [
    paint(color, 2, w.readAsLine(w.readAs[result.kind])),
    '',
    paint(color, 1, result.message),
    '',
  ];
  lines.push(`${w.reason}: ${result.info.reason}`, w.retryable(result.info.retryable));
  if (!result.statusKnown) lines.push(paint(color, 33, w.noStatus));
  if (result.fixes.length > 0) {
    lines.push('', `${w.fixes}:`);
    for (const fix of result.fixes) lines.push(`  - ${fix.charAt(0).toUpperCase()}${fix.slice(1)}`);
  }
  return `${lines.join('\n')}\n`;
}
