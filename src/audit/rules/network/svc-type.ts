import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asString, getIn } from '../../engine/json';
import { Severity } from '../../severity';

const EXPOSED = new Set(['NodePort', 'LoadBalancer']);

/** Services are ClusterIP unless declared public with an exception. */
export const svcType: AuditRule = {
  id: RuleId.SVC_TYPE,
  group: RuleGroup.NETWORK,
  title: 'No NodePort or LoadBalancer Services unless explicitly declared public',
  explanation: 'NodePort and LoadBalancer Services open the workload on every node or on a cloud load balancer, '
    + 'bypassing the Ingress (TLS, HSTS, rate limits) and often the firewall.',
  fix: 'Expose HTTP through SecureIngress and keep Services ClusterIP (SecureDeployment does). For a deliberate public '
    + 'Service, declare it with the exception annotation exception.cdk8s-secure.io/SVC-TYPE: <reason> or Audit.suppress().',
  severity: Severity.WARNING,
  kinds: ['Service'],
  appliesTo: 'Services',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types',
  check: object => {
    const type = asString(getIn(object.json, 'spec', 'type'));
    return type && EXPOSED.has(type)
      ? [{ path: 'spec.type', message: `the Service is of type ${type}, reachable from outside the cluster` }]
      : [];
  },
};
