import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { asArray, asObject, asString, getIn } from '../../engine/json';
import { Severity } from '../../severity';

/** Whether a TLS host entry (possibly a wildcard) covers `host`. */
function covers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) {
    return true;
  }
  if (tlsHost.startsWith('*.')) {
    const suffix = tlsHost.slice(1);
    return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
  }
  return false;
}

/** Ingresses terminate TLS for every host they route. */
export const ingTls: AuditRule = {
  id: RuleId.ING_TLS,
  group: RuleGroup.ENCRYPTION_IN_TRANSIT,
  title: '`spec.tls` present and covering every rule host',
  explanation: 'Without TLS, credentials, session cookies and personal data cross public networks in clear text and '
    + 'can be read or altered.',
  fix: 'SecureIngress requires TLS for every host (a Secret or a cert-manager issuer).',
  severity: Severity.ERROR,
  kinds: ['Ingress'],
  appliesTo: 'Ingresses',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#tls',
  check: object => {
    const tls = asArray(getIn(object.json, 'spec', 'tls')).map(entry => asObject(entry) ?? {});
    if (tls.length === 0) {
      return [{ path: 'spec.tls', message: 'the Ingress terminates no TLS' }];
    }
    const tlsHosts = tls.flatMap(entry => asArray(entry.hosts).map(String));
    const violations: Violation[] = [];
    asArray(getIn(object.json, 'spec', 'rules')).forEach((rule, i) => {
      const host = asString(asObject(rule)?.host);
      if (host && !tlsHosts.some(tlsHost => covers(tlsHost, host))) {
        violations.push({ path: `spec.rules[${i}].host`, message: `host ${host} is not covered by spec.tls` });
      }
    });
    return violations;
  },
};
