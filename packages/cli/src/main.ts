import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { redact } from '@agnes-errors/core';
import { runDoctor } from './doctor/doctor.ts';
import { explain } from './explain/explain.ts';
import { type CliIO, exitCodes } from './io.ts';
import { withoutSecret } from './mask.ts';
import { renderDoctor, renderExplain } from './render.ts';
import { wordsFor } from './words.ts';

const usage = `agnes-errors: check an Agnes API setup, and explain an Agnes API error

Usage:
  agnes-errors doctor [--model ID] [--chat] [--offline] [--timeout MS] [--base-url URL] [--json] [--locale en|zh]
  agnes-errors explain [FILE | - | STATUS] [--status N] [--report] [--json] [--locale en|zh]

doctor reads AGNES_API_KEY (else OPENAI_API_KEY) and AGNES_BASE_URL (else OPENAI_BASE_URL, else
https://apihub.agnes-ai.com/v1) and checks, in order: the key's shape, the base URL, proxy
variables, DNS, TCP, TLS, GET /v1/models with the key, the model (--model), the rate-limit
headers. It sends no billed request unless --chat is given (one chat request, max_tokens 1).

explain reads a JSON error body, curl -i output, an SDK error message or a status code from FILE,
from standard input (- or nothing), or the status given, and prints the diagnosis and fixes.
--report prints the support report to paste into a ticket (redacted: no key, no prompt text).

Options:
  --model ID       doctor: check that the key can use this model (closest names when not)
  --chat           doctor: also send one tiny chat request (billed)
  --offline        doctor: check only the key, the base URL and the proxy variables (no network)
  --timeout MS     doctor: time each network step may take (default 5000)
  --base-url URL   doctor: the base URL to check (default: from the environment)
  --api-key KEY    doctor: the key to check (default: from the environment; avoid: shell history keeps it)
  --status N       explain: the HTTP status, when the input does not say it
  --report         explain: print the support report
  --json           machine-readable output
  --locale en|zh   language (default: zh when LANG starts with zh, else en)
  --help           this text
  --version        the version

Exit codes: 0 all well, 1 a problem was found, 2 a usage error.`;

/** The package's version, from its manifest (`../package.json` from both `src/` and `dist/`). */
export function cliVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Reads standard input to its end. */
async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs the CLI: `argv` without the node and script paths. Resolves with the exit code (0 all well,
 * 1 a problem found, 2 a usage error); writes only through `io`.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usage}\n`);
    return exitCodes.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${cliVersion()}\n`);
    return exitCodes.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    (values.help || command === 'help' ? io.stdout : io.stderr)(`${usage}\n`);
    return values.help || command === 'help' ? exitCodes.ok : exitCodes.usage;
  }
  const localeFlag = values.locale;
  if (localeFlag !== undefined && localeFlag !== 'en' && localeFlag !== 'zh') {
    io.stderr(`--locale must be en or zh, got ${localeFlag.slice(0, 20)}\n`);
    return exitCodes.usage;
  }
  const lang = io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG || '';
  const locale = localeFlag ?? (/^zh/i.test(lang) ? 'zh' : 'en');
  const words = wordsFor(locale);
  const color = io.color ?? false;
  if (command === 'doctor') {
    if (rest.length > 0) return usageError(io, `doctor takes no arguments, got ${rest[0]?.slice(0, 40)}`);
    const timeoutMs = values.timeout === undefined ? 5000 : Number(values.timeout);
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      return usageError(io, `--timeout must be a number of ms above 0, got ${values.timeout?.slice(0, 20)}`);
    const report = await runDoctor({
      apiKey: values['api-key'],
      baseURL: values['base-url'],
      model: values.model,
      chat: values.chat,
      offline: values.offline,
      timeoutMs,
      locale,
      env: io.env,
      // Said before the billed request is sent, on stderr so --json output stays one document.
      onNotice: (text) => io.stderr(`${text}\n`),
    });
    const secret = values['api-key'] ?? io.env.AGNES_API_KEY ?? io.env.OPENAI_API_KEY;
    const text = values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctor(report, words, color);
    io.stdout(withoutSecret(redact(text), secret));
    return report.ok ? exitCodes.ok : exitCodes.problem;
  }
  if (command === 'explain') {
    if (rest.length > 1) return usageError(io, 'explain takes one FILE, -, or a status code');
    const status = values.status === undefined ? undefined : Number(values.status);
    if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599))
      return usageError(
        io,
        `--status must be an HTTP status (100 to 599), got ${values.status?.slice(0, 20)}`,
      );
    const source = rest[0];
    let input: string;
    try {
      if (source === undefined || source === '-') input = await (io.readStdin ?? readProcessStdin)();
      else if (/^\d{3}$/.test(source)) input = source;
      else input = readFileSync(source, 'utf8');
    } catch (error) {
      return usageError(io, `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    const result = explain(input, { locale, status, versions: { '@agnes-errors/cli': cliVersion() } });
    let text: string;
    if (values.json) {
      const { info, ...rest } = result;
      const json = info
        ? {
            ...rest,
            reason: info.reason,
            status: info.status ?? null,
            retryable: info.retryable,
            requestId: info.requestId ?? null,
          }
        : rest;
      text = `${JSON.stringify(values.report ? json : { ...json, report: undefined }, null, 2)}\n`;
    } else if (values.report && result.report) text = `${result.report}\n`;
    else text = renderExplain(result, words, color);
    io.stdout(redact(text));
    return result.info ? exitCodes.ok : exitCodes.problem;
  }
  return usageError(io, `unknown command ${command.slice(0, 40)}`);
}

function usageError(io: CliIO, message: string): number {
  io.stderr(`agnes-errors: ${message}\nRun agnes-errors --help for usage.\n`);
  return exitCodes.usage;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      model: { type: 'string' },
      chat: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      status: { type: 'string' },
      report: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      locale: { type: 'string' },
      help: { type: 'boolean', default: false },
      version: { type: 'boolean', default: false },
    },
  });
}
