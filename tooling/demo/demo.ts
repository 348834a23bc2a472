import { classify, formatAgnesMessage } from '@agnes-errors/core';
import { zh } from '@agnes-errors/core/zh';
import { runDoctorStops } from './doctor.ts';
import { runLive } from './live.ts';
import { bold, clearProgress, cyan, dim, green, red, wrap } from './output.ts';
import { samples } from './samples.ts';
import { runTour } from './tour.ts';

const width = Math.min(process.stdout.columns || 100, 110);

if (process.argv.includes('--live')) {
  process.exitCode = (await runLive(width)) === 0 ? 0 : 1;
  process.exit();
}
let failures = 0;
const mark = (ok: boolean): string => (ok ? green('✔') : red('✘'));

console.log(bold('agnes-errors demo'));
console.log(
  dim('Part 1: core classifies failures users meet, and writes the message (English, then Chinese).\n'),
);
for (const [index, sample] of samples.entries()) {
  const info = classify(sample.failure);
  const ok = info.reason === sample.expected;
  if (!ok) failures += 1;
  console.log(
    `${mark(ok)} ${bold(`${index + 1}. ${sample.title}`)}  ${cyan(info.reason)}${dim(` · retryable: ${info.retryable}`)}`,
  );
  console.log(wrap(formatAgnesMessage(info), width - 6, '     '));
  console.log(dim(wrap(formatAgnesMessage(info, { locale: zh }), width - 6, '     ')));
  if (!ok) console.log(red(`     expected ${sample.expected}`));
}

console.log(
  dim(
    '\nPart 2: the four adapters and plain fetch against the embedded mock Agnes server (real HTTP on 127.0.0.1).\n',
  ),
);
const header = `   ${'client'.padEnd(9)} ${'scenario'.padEnd(58)} ${'server saw'.padEnd(22)} time`;
console.log(bold(header));
for await (const result of runTour()) {
  clearProgress();
  if (!result.ok) failures += 1;
  const saw = `${result.attempts} attempt${result.attempts === 1 ? '' : 's'}${result.rateLimited ? `, ${result.rateLimited}x429` : ''}`;
  console.log(
    `${mark(result.ok)}  ${cyan(result.client.padEnd(9))} ${result.title.padEnd(58)} ${saw.padEnd(22)} ${(result.elapsedMs / 1000).toFixed(1)} s`,
  );
  console.log(dim(wrap(`caller got: ${result.got}`, width - 6, '     ')));
}

console.log(
  dim(
    '\nPart 3: agnes-errors doctor (npx @agnes-errors/cli doctor) against the mock server, for tools that take no plugin.\n',
  ),
);
const marks = { pass: green('✔'), warn: '!', fail: red('✘'), skip: dim('-') } as const;
for await (const stop of runDoctorStops()) {
  if (!stop.ok) failures += 1;
  console.log(`${mark(stop.ok)} ${bold(stop.title)}`);
  for (const step of stop.report.steps)
    console.log(
      wrap(
        `${marks[step.status]} ${step.title}: ${step.figure}${step.fix && step.status === 'fail' ? ` → ${step.fix}` : ''}`,
        width - 6,
        '     ',
      ),
    );
}

console.log();
if (failures === 0) console.log(green(bold('Every outcome was the expected one.')));
else console.log(red(bold(`${failures} outcome(s) differed from what was expected.`)));
process.exitCode = failures === 0 ? 0 : 1;
