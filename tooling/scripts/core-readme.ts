/**
 * Writes the generated parts of packages/core/README.md (the catalogue in both locales and the
 * reason codes) between their markers. `--check` exits 1 when the README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { agnesReasons, catalogue } from '@agnes-errors/core';
import { catalogueZh } from '@agnes-errors/core/zh';
// Core's own parts, read from its sources: no package outside core needs them.
import { catalogueStatuses } from '../../packages/core/src/catalogue/index.ts';
import { getMessages } from '../../packages/core/src/messages/index.ts';

const readmePath = new URL('../../packages/core/README.md', import.meta.url);
const cell = (text: string): string => text.replace(/\|/g, '\\|');

function catalogueTable(): string {
  const rows = catalogueStatuses.map((status) => {
    const en = catalogue[status];
    const zh = catalogueZh[status];
    const retry =
      en.retry === 'yes' ? `yes (${en.replaySafety === 'safe' ? 'replays POST' : 'ambiguous'})` : en.retry;
    return `| ${status} | ${cell(en.title)} / ${cell(zh.title)} | ${en.category} | ${retry} | ${en.causes.length} | ${en.solutions.length} | ${cell(en.meaning)} |`;
  });
  return [
    '| status | title (en / zh) | category | retried | causes | solutions | meaning |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function reasonTable(): string {
  const en = getMessages('en').reasons;
  const rows = agnesReasons.map((reason) => `| \`${reason}\` | ${cell(en[reason]({}).cause)} |`);
  return ['| reason | what it means |', '|---|---|', ...rows].join('\n');
}

export function renderReadme(current: string): string {
  const replace = (text: string, marker: string, content: string): string => {
    const pattern = new RegExp(`(<!-- ${marker}:start -->)[\\s\\S]*?(<!-- ${marker}:end -->)`);
    if (!pattern.test(text)) throw new Error(`README lacks the ${marker} markers`);
    return text.replace(pattern, `$1\n${content}\n$2`);
  };
  return replace(replace(current, 'catalogue', catalogueTable()), 'reasons', reasonTable());
}

if (import.meta.main) {
  const current = readFileSync(readmePath, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('packages/core/README.md is out of date: run pnpm readme');
      process.exit(1);
    }
  } else writeFileSync(readmePath, next);
}
