import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asString, getIn } from '../../engine/json';
import { Severity } from '../../severity';

/** Ingresses name their IngressClass. */
export const ingClass: AuditRule = {
  id: RuleId.ING_CLASS,
  group: RuleGroup.NETWORK,
  title: '`ingressClassName` set on every Ingress',
  explanation: 'Without a class, whichever controller is the cluster default (or every controller) serves the Ingress, '
    + 'possibly one without the expected TLS and security settings, or an internal one exposed publicly.',
  fix: 'SecureIngress always sets ingressClassName from its controller profile.',
  severity: Severity.WARNING,
  kinds: ['Ingress'],
  appliesTo: 'Ingresses',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class',
  check: object => asString(getIn(object.json, 'spec', 'ingressClassName'))
    ? []
    : [{ path: 'spec.ingressClassName', message: 'the Ingress names no ingressClassName' }],
};
