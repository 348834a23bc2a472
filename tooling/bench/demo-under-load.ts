/**
 * `pnpm bench:demo-load`: runs `pnpm demo` N times (default 20) beside four busy loops and counts
 * the runs in which every outcome was the expected one (the 429 storm stop included: 0 x 429).
 * Usage: node --conditions=agnes-source tooling/bench/demo-under-load.ts [runs] [loops]
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { busyLoops } from './pacing.ts';

const runs = Number(process.argv[2] ?? 20);
const loops = Number(process.argv[3] ?? 4);
const demo = fileURLToPath(new URL('../demo/demo.ts', import.meta.url));
const children = busyLoops(loops);
let passed = 0;
try {
  for (let run = 1; run <= runs; run += 1) {
    const result = spawnSync(process.execPath, ['--conditions=agnes-source', demo], { encoding: 'utf8' });
    const ok = result.status === 0 && result.stdout.includes('Every outcome was the expected one.');
    if (ok) passed += 1;
    const storm = result.stdout.split('\n').find((line) => line.includes('429 storm paced')) ?? '';
    console.log(`run ${run}: ${ok ? 'passed' : 'FAILED'}  ${storm.replace(/\s+/g, ' ').trim()}`);
  }
} finally {
  for (const child of children) child.kill();
}
console.log(`${passed} of ${runs} demo runs passed beside ${loops} busy loops.`);
process.exitCode = passed === runs ? 0 : 1;
