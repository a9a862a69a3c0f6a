/**
 * When a readiness and a liveness probe count as the same probe (control CTR-PROBES).
 *
 * Using one probe for both makes a slow dependency restart every pod instead of taking it out of the Service. The
 * comparison follows kube-score's `pod-probes` check (score/probes/probes.go in zegl/kube-score), which grades it
 * critical: httpGet with the same path and the same numeric port (a named port counts as port 0 there), tcpSocket with
 * the same port (a port given by name differs from the same port given by number), exec with the same command.
 * Timings do not matter.
 *
 * @see https://github.com/zegl/kube-score/blob/master/README_PROBES.md
 */

/** The probe fields the comparison reads, as rendered in a container. */
export interface ProbeHandlers {
  readonly httpGet?: { readonly path?: string; readonly port?: { readonly value?: unknown } | unknown };
  readonly tcpSocket?: { readonly port?: { readonly value?: unknown } | unknown };
  readonly exec?: { readonly command?: readonly string[] };
}

/** Whether `readiness` and `liveness` are the same check as kube-score compares them. */
export function probesAreIdentical(readiness: ProbeHandlers | undefined, liveness: ProbeHandlers | undefined): boolean {
  if (!readiness || !liveness) {
    return false;
  }
  if (readiness.httpGet && liveness.httpGet
    && (readiness.httpGet.path ?? '') === (liveness.httpGet.path ?? '')
    && intValue(readiness.httpGet.port) === intValue(liveness.httpGet.port)) {
    return true;
  }
  if (readiness.tcpSocket && liveness.tcpSocket && portValue(readiness.tcpSocket.port) === portValue(liveness.tcpSocket.port)) {
    return true;
  }
  const r = readiness.exec?.command;
  const l = liveness.exec?.command;
  return Array.isArray(r) && Array.isArray(l) && r.length === l.length && r.every((part, i) => l[i] === part);
}

/** The port as written: a cdk8s IntOrString (`{ value }`) or a plain number/name from a manifest. */
function portValue(port: unknown): unknown {
  return port !== null && typeof port === 'object' && 'value' in port ? (port as { value?: unknown }).value : port;
}

/** Go's IntOrString.IntValue(): the number, or a name parsed as a number (0 when it is not one). */
function intValue(port: unknown): number {
  const value = portValue(port);
  if (typeof value === 'number') {
    return value;
  }
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : 0;
}
