import { getEntry } from '../catalogue/index.ts';
import { type LocaleOption, resolveLocale } from '../locale.ts';
import { getMessages } from '../messages/index.ts';
import type { AgnesErrorInfo } from '../types/failure.ts';
import { secretsOf } from '../util/known-secrets.ts';
import { redact } from '../util/redact.ts';
import { getAgnesInfo } from './get-info.ts';

/** Options of {@link formatSupportReport}. */
export interface SupportReportOptions {
  /**
   * Language of the labels and the diagnosis: a bundle, or the name of a loaded one.
   * @default the locale the failure was diagnosed in
   */
  readonly locale?: LocaleOption | undefined;
  /**
   * The model the request asked for, when the diagnosis does not name it.
   * @default the model a diagnosis names, else none
   */
  readonly model?: string | undefined;
  /**
   * Package and client versions to list, e.g. `{ '@agnes-errors/openai': '1.2.0', openai: '7.59.0' }`.
   * @default {}
   */
  readonly versions?: Readonly<Record<string, string>> | undefined;
  /**
   * When the failure happened.
   * @default now
   */
  readonly time?: Date | undefined;
}

interface Labels {
  readonly title: string;
  readonly time: string;
  readonly requestId: string;
  readonly request: string;
  readonly model: string;
  readonly status: string;
  readonly reason: string;
  readonly diagnosis: string;
  readonly providerSaid: string;
  readonly attempts: string;
  readonly attemptsLine: (attempts: number, waitedSeconds: string, elapsedSeconds: string) => string;
  readonly stop: string;
  readonly versions: string;
  readonly runtime: string;
  readonly none: string;
  readonly noResponse: string;
  readonly footer: string;
}

const labels: Readonly<Record<'en' | 'zh', Labels>> = {
  en: {
    title: 'Agnes API support report',
    time: 'Time (UTC)',
    requestId: 'Request id',
    request: 'Request',
    model: 'Model',
    status: 'Status',
    reason: 'Reason',
    diagnosis: 'Diagnosis',
    providerSaid: 'Provider said',
    attempts: 'Attempts',
    attemptsLine: (attempts, waited, elapsed) =>
      `${attempts} (waited ${waited} s between attempts, ${elapsed} s in all)`,
    stop: 'Stopped because',
    versions: 'Versions',
    runtime: 'Runtime',
    none: '(none)',
    noResponse: 'no response',
    footer: 'Redacted: no API key, no prompt text.',
  },
  zh: {
    title: 'Agnes API 技术支持报告',
    time: '时间 (UTC)',
    requestId: '请求 ID',
    request: '请求',
    model: '模型',
    status: '状态码',
    reason: '原因',
    diagnosis: '诊断',
    providerSaid: '服务商返回',
    attempts: '尝试次数',
    attemptsLine: (attempts, waited, elapsed) => `${attempts}（重试间等待 ${waited} 秒，共 ${elapsed} 秒）`,
    stop: '停止原因',
    versions: '版本',
    runtime: '运行环境',
    none: '（无）',
    noResponse: '无响应',
    footer: '已脱敏：不含 API 密钥，不含提示词内容。',
  },
};

/** What runs this code, read from globals only (core imports no `node:` module). */
function runtimeName(): string {
  const global = globalThis as {
    Deno?: { version?: { deno?: string } };
    Bun?: { version?: string };
    process?: { versions?: { node?: string }; platform?: string; arch?: string };
    navigator?: { userAgent?: string };
  };
  try {
    if (global.Deno?.version?.deno) return `Deno ${global.Deno.version.deno}`;
    if (global.Bun?.version) return `Bun ${global.Bun.version}`;
    const node = global.process?.versions?.node;
    if (node) return `Node.js ${node} (${global.process?.platform ?? '?'} ${global.process?.arch ?? '?'})`;
    const agent = global.navigator?.userAgent;
    if (agent) return agent.slice(0, 160);
  } catch {
    // A locked-down global: say nothing rather than fail.
  }
  return 'unknown';
}

/** Method, host and path of the request: no query string (it may carry ids or keys), no credentials. */
function requestLine(info: AgnesErrorInfo): string | undefined {
  if (!info.url && !info.method) return undefined;
  let where = info.url ?? '';
  try {
    const url = new URL(where);
    where = `${url.origin}${url.pathname}`;
  } catch {
    where = where.split('?')[0] ?? '';
  }
  return [info.method, where].filter(Boolean).join(' ');
}

const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(1);

/**
 * The block to paste into a support ticket: time (UTC), request id, method and endpoint, model,
 * status, reason, the diagnosis and the provider's message, attempts and waits, versions, runtime.
 * Everything is redacted: no API key, and no request body (so no prompt text). Accepts an error or
 * response from any adapter (`error.agnes`), a raw client error, or an `AgnesErrorInfo`. Never throws.
 *
 * @example
 * try { await openai.chat.completions.create(request) }
 * catch (error) { console.error(formatSupportReport(error, { versions: { openai: '7.59.0' } })) }
 */
export function formatSupportReport(errorOrInfo: unknown, options: SupportReportOptions = {}): string {
  try {
    return reportUnsafe(errorOrInfo, options ?? {});
  } catch {
    return `${labels.en.title}\n${labels.en.time}: ${new Date().toISOString()}`;
  }
}

function reportUnsafe(errorOrInfo: unknown, options: SupportReportOptions): string {
  const given = errorOrInfo as Partial<AgnesErrorInfo> | null | undefined;
  const isInfo = typeof given?.reason === 'string' && typeof given.retryable === 'boolean';
  const info = isInfo ? (given as AgnesErrorInfo) : getAgnesInfo(errorOrInfo);
  const locale = resolveLocale(options.locale ?? info?.locale);
  const words = labels[locale === 'zh' ? 'zh' : 'en'];
  const rows: [string, string][] = [[words.time, (options.time ?? new Date()).toISOString()]];
  if (info) {
    const entry = getEntry(info.status, locale);
    const hint = info.hints[0];
    const model = options.model ?? info.hints.find((each) => each.details.model)?.details.model;
    const cause = hint
      ? locale === info.locale
        ? hint.message
        : getMessages(locale).reasons[hint.reason](hint.details).cause
      : entry?.meaning;
    rows.push(
      [words.requestId, info.requestId ?? words.none],
      [words.request, requestLine(info) ?? words.none],
      [words.model, model ?? words.none],
      [
        words.status,
        info.status === undefined ? words.noResponse : `${info.status}${entry ? ` ${entry.title}` : ''}`,
      ],
      [words.reason, info.reason],
    );
    if (cause) rows.push([words.diagnosis, cause]);
    if (info.providerMessage) rows.push([words.providerSaid, info.providerMessage]);
    rows.push([
      words.attempts,
      words.attemptsLine(
        info.attempts ?? 1,
        seconds(info.totalDelayMs),
        seconds(info.elapsedMs ?? info.totalDelayMs),
      ),
    ]);
    if (info.stop) rows.push([words.stop, info.stop]);
  }
  const versions = Object.entries(options.versions ?? {}).map(([name, version]) => `${name} ${version}`);
  if (versions.length > 0) rows.push([words.versions, versions.join(', ')]);
  rows.push([words.runtime, runtimeName()]);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const lines = [
    words.title,
    ...rows.map(
      ([label, value]) => `${`${label}:`.padEnd(width)}${value.replace(/\s+/g, ' ').slice(0, 600)}`,
    ),
    words.footer,
  ];
  return redact(lines.join('\n'), info ? secretsOf(info) : []);
}
