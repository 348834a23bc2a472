import { maskKey } from '../mask.ts';
import type { Words } from '../words.ts';
import type { StepOutcome } from './step.ts';

/** Where the key came from, and the key itself (never printed). */
export interface KeySource {
  readonly key: string | undefined;
  readonly source: string;
}

/** Shorter than this after its prefix, a key was probably cut when copied (Agnes keys are longer). */
const shortKeyLength = 32;

/**
 * The key's shape, without sending it: present, prefix, whitespace, quotes, line breaks, the masked
 * form a console shows, a likely truncation. `usable` is false when sending it would only fail.
 */
export function checkKey(found: KeySource, words: Words): StepOutcome & { readonly usable: boolean } {
  const key = found.key;
  if (key === undefined || key === '')
    return { status: 'fail', figure: words.key.missing, fix: words.key.missingFix, usable: false };
  const bare = key.trim().replace(/^(["'`])(.*)\1$/s, '$2');
  const body = bare.replace(/^(sk|cpk)-/, '');
  const kind = bare.startsWith('sk-')
    ? words.key.kindFree
    : bare.startsWith('cpk-')
      ? words.key.kindPlan
      : words.key.kindUnknown;
  const figure = words.key.figure(maskKey(bare), key.length, kind, found.source);
  const fails: [string, string][] = [];
  const warns: [string, string][] = [];
  if (/[\r\n]/.test(key)) fails.push([words.key.newline, words.key.newlineFix]);
  const edge = /^[ \t]/.test(key) ? 'start' : /[ \t]$/.test(key) ? 'end' : undefined;
  if (edge) fails.push([words.key.whitespace(edge), words.key.whitespaceFix]);
  else if (/[ \t]/.test(key.trim())) fails.push([words.key.whitespace('inside'), words.key.whitespaceFix]);
  if (/^["'`]|["'`]$/.test(key.trim())) fails.push([words.key.quotes, words.key.quotesFix]);
  if (/[…*]|\.\.\./.test(bare)) fails.push([words.key.maskedForm, words.key.maskedFormFix]);
  else if (/[^A-Za-z0-9_\-\s"'`]/.test(bare))
    fails.push([words.key.badCharacters, words.key.badCharactersFix]);
  if (!/^(sk|cpk)-/.test(bare)) warns.push([words.key.prefix, words.key.prefixFix]);
  else if (body.length < shortKeyLength && !/[…*]|\.\.\./.test(bare))
    warns.push([words.key.short(body.length), words.key.shortFix]);
  const problems = fails.length > 0 ? fails : warns;
  return {
    status: fails.length > 0 ? 'fail' : warns.length > 0 ? 'warn' : 'pass',
    figure,
    notes: problems.map(([cause]) => cause),
    fix: problems.map(([, fix]) => fix).join('; ') || undefined,
    data: { length: key.length, prefix: /^(sk|cpk)-/.exec(bare)?.[0] ?? null },
    usable: fails.length === 0,
  };
}
