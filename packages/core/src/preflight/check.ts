import { classify } from '../classify/index.ts';
import { getMessages } from '../messages/index.ts';
import type { AgnesErrorInfo, ClassifyOptions } from '../types/failure.ts';
import type { PreflightRequest, PreflightRuleName, PreflightRules } from '../types/preflight.ts';
import type { AgnesHint } from '../types/reasons.ts';
import { carrySecrets } from '../util/known-secrets.ts';
import { RequestView } from './request-view.ts';
import { preflightRules } from './rules.ts';

/** One fault preflight found. */
export interface PreflightFinding {
  readonly rule: PreflightRuleName;
  /** The status the provider rejects such a request with. */
  readonly status: number;
  readonly action: 'refuse' | 'warn';
}

/**
 * The faults of a request, in the order a server meets them, up to and including the first one that
 * refuses it. Unknown endpoints are not checked at all; headers and the body are read only when a rule
 * of the endpoint asks, and a stream body never. Never throws: a request it cannot read passes.
 */
export function preflightFindings(
  request: PreflightRequest,
  switches: PreflightRules = {},
): PreflightFinding[] {
  const findings: PreflightFinding[] = [];
  try {
    const view = new RequestView(request);
    if (view.kind === 'other') return findings;
    for (const rule of preflightRules) {
      if (switches[rule.name] === false) continue;
      const action = rule.check(view);
      if (action === undefined) continue;
      findings.push({ rule: rule.name, status: rule.status, action });
      if (action === 'refuse') break;
    }
  } catch {
    // A request preflight cannot read is the server's to judge.
  }
  return findings;
}

function ruleHint(rule: PreflightRuleName, locale: AgnesErrorInfo['locale']): AgnesHint {
  const text = getMessages(locale).reasons[rule]({});
  return { reason: rule, message: text.cause, fix: text.fix, details: {} };
}

/**
 * The diagnosis the server's rejection of this request would get: the request classified as a
 * failure with the status the rule names, so a refusal carries exactly the reason, hints and
 * catalogue entry of that rejection. Nothing was sent, so there is no status, request id or wait.
 */
export function preflightDiagnosis(
  request: PreflightRequest,
  finding: PreflightFinding,
  options: ClassifyOptions,
): AgnesErrorInfo {
  const body = request.body;
  const rejected = classify(
    {
      status: finding.status,
      method: request.method ?? 'GET',
      url: request.url,
      requestHeaders: request.headers,
      // A stream is never read; `classify` ignores one anyway.
      requestBody: body,
    },
    options,
  );
  // The classifier reads the provider's words too; where only they would name the fault (a JSON
  // string sent as the body: "Invalid JSON"), the rule's own reason leads.
  const hints =
    rejected.reason === finding.rule
      ? rejected.hints
      : [
          ruleHint(finding.rule, rejected.locale),
          ...rejected.hints.filter((hint) => hint.reason !== finding.rule),
        ];
  return carrySecrets(
    {
      ...rejected,
      reason: finding.rule,
      hints,
      status: undefined,
      retryable: false,
      replaySafety: undefined,
      retryAfterMs: undefined,
    },
    rejected,
  );
}
