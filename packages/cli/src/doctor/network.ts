import { lookup } from 'node:dns/promises';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import type { Words } from '../words.ts';
import { agnesHosts } from './base-url.ts';
import { type StepOutcome, since, withTimeout } from './step.ts';

/** Addresses that should never answer for a public Agnes host. */
const privateAddress = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|0\.|169\.254\.|::1$|f[cd]|fe80:)/i;

/** The DNS step: the host's addresses and the time the lookup took. */
export async function checkDns(
  host: string,
  timeoutMs: number,
  words: Words,
): Promise<StepOutcome & { readonly addresses: readonly string[] }> {
  const w = words.dns;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare)) return { status: 'pass', figure: w.literal, fix: undefined, addresses: [bare] };
  const start = performance.now();
  try {
    const result = await withTimeout(lookup(bare, { all: true }), timeoutMs);
    const elapsedMs = since(start);
    if (result === 'timeout')
      return { status: 'fail', figure: w.timeout(timeoutMs), fix: w.timeoutFix, elapsedMs, addresses: [] };
    const addresses = result.map((entry) => entry.address);
    const hijacked =
      agnesHosts[bare] !== undefined && addresses.some((address) => privateAddress.test(address));
    return {
      status: hijacked ? 'warn' : 'pass',
      figure: w.resolved(addresses.join(', '), elapsedMs),
      notes: hijacked ? [w.privateAddress] : [],
      fix: hijacked ? w.privateAddressFix : undefined,
      elapsedMs,
      data: { addresses },
      addresses,
    };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERROR';
    return {
      status: 'fail',
      figure: w.notFound(bare, code),
      fix: w.notFoundFix,
      elapsedMs: since(start),
      data: { code },
      addresses: [],
    };
  }
}

/** Settles when the socket connects (or, for TLS, finishes its handshake), fails, or `ms` pass; always destroys it. */
function settle<T extends Socket>(
  socket: T,
  event: 'connect' | 'secureConnect',
  ms: number,
): Promise<{ ok: true; socket: T } | { ok: false; code: string }> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, code: 'timeout' });
    }, ms);
    socket.once(event, () => {
      clearTimeout(timer);
      resolve({ ok: true, socket });
      socket.destroy();
    });
    socket.once('error', (error: Error & { code?: string }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: false, code: error.code ?? error.message });
    });
  });
}

/** The TCP step: a connection to the first address and the port of the base URL. */
export async function checkTcp(
  address: string,
  port: number,
  timeoutMs: number,
  words: Words,
): Promise<StepOutcome> {
  const w = words.tcp;
  const shown = `${address.includes(':') ? `[${address}]` : address}:${port}`;
  const start = performance.now();
  const result = await settle(tcpConnect({ host: address, port }), 'connect', timeoutMs);
  const elapsedMs = since(start);
  if (result.ok) return { status: 'pass', figure: w.connected(shown, elapsedMs), fix: undefined, elapsedMs };
  if (result.code === 'timeout')
    return { status: 'fail', figure: w.timeout(shown, timeoutMs), fix: w.timeoutFix, elapsedMs };
  if (result.code === 'ECONNREFUSED')
    return {
      status: 'fail',
      figure: w.refused(shown),
      fix: w.refusedFix,
      elapsedMs,
      data: { code: result.code },
    };
  return {
    status: 'fail',
    figure: w.failed(shown, result.code),
    fix: w.failedFix,
    elapsedMs,
    data: { code: result.code },
  };
}

/** The TLS step: a handshake with the host's name, the protocol and the certificate's name and expiry. */
export async function checkTls(
  address: string,
  host: string,
  port: number,
  timeoutMs: number,
  words: Words,
): Promise<StepOutcome> {
  const w = words.tls;
  const servername = isIP(host.replace(/^\[|\]$/g, '')) ? undefined : host;
  const start = performance.now();
  let certificate: ReturnType<TLSSocket['getPeerCertificate']> | undefined;
  let protocol = 'TLS';
  const socket = tlsConnect({
    host: address,
    port,
    ...(servername && { servername }),
    ALPNProtocols: ['http/1.1'],
  });
  socket.once('secureConnect', () => {
    certificate = socket.getPeerCertificate();
    protocol = socket.getProtocol() ?? protocol;
  });
  const result = await settle(socket, 'secureConnect', timeoutMs);
  const elapsedMs = since(start);
  if (!result.ok) {
    if (result.code === 'timeout')
      return { status: 'fail', figure: w.timeout(timeoutMs), fix: w.timeoutFix, elapsedMs };
    return {
      status: 'fail',
      figure: w.rejected(result.code),
      fix: w.rejectedFix,
      elapsedMs,
      data: { code: result.code },
    };
  }
  const subject = certificate?.subject?.CN;
  const names = (certificate?.subjectaltname ?? '')
    .split(/,\s*/)
    .map((name) => name.replace(/^DNS:/, ''))
    .filter(Boolean);
  const validTo = certificate?.valid_to ? new Date(certificate.valid_to).toISOString().slice(0, 10) : '?';
  return {
    status: 'pass',
    figure: w.done(
      protocol,
      elapsedMs,
      (Array.isArray(subject) ? subject[0] : subject) ?? names[0] ?? '?',
      validTo,
    ),
    fix: undefined,
    elapsedMs,
    data: { protocol, subject: subject ?? null, altNames: names.slice(0, 20), validTo },
  };
}
