/**
 * pnpm bench: overhead, sizes and retry effectiveness, ours and the peers measured in the same run.
 * Writes tooling/bench/RESULTS.md and prints it. `--quick` skips the slow effectiveness scenarios.
 */
import '@agnes-errors/core/zh';
import { writeFileSync } from 'node:fs';
import { anthropicBrownout, anthropicStorm } from './anthropic.ts';
import { classifyLatency } from './classify-latency.ts';
import { brownout, hardFailures, rpmStorm, taskTimeout } from './effectiveness.ts';
import { overhead } from './overhead.ts';
import { overloadStorm } from './overload.ts';
import { hiddenLimits, lagStorm } from './pacing.ts';
import { preflightCost } from './preflight.ts';
import { redisAcquire } from './redis-acquire.ts';
import { sizes } from './sizes.ts';
import { telemetryOverhead } from './telemetry.ts';
import { transportFree } from './transport-free.ts';
import { videoTasks } from './videos.ts';

const quick = process.argv.includes('--quick');
const progress = (text: string): void => {
  if (process.stderr.isTTY) process.stderr.write(`\r\u001b[2K${text}`);
  else process.stderr.write(`${text}\n`);
};

const sections = [
  sizes(),
  await transportFree(progress),
  await overhead(progress),
  await telemetryOverhead(progress),
  classifyLatency(progress),
  await preflightCost(progress),
  await redisAcquire(progress),
];
if (!quick)
  sections.push(
    await rpmStorm(progress),
    await brownout(progress),
    await hardFailures(progress),
    await taskTimeout(progress),
    await hiddenLimits(progress),
    await lagStorm(progress),
    await overloadStorm(progress),
    await anthropicBrownout(progress),
    await anthropicStorm(progress),
    await videoTasks(progress),
  );
if (process.stderr.isTTY) process.stderr.write('\r\u001b[2K');

const report = [
  '# agnes-errors benchmarks',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${process.platform}/${process.arch}, against the embedded mock Agnes server on 127.0.0.1. Ours use default options unless the row says otherwise; peers are each client's defaults and axios with axios-retry's recommended exponential setup.`,
  '',
  ...sections.flatMap((section) => [section, '']),
].join('\n');
if (!quick) writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
console.log(report);
