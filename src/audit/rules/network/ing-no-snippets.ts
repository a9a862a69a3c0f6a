import { snippetAnnotationProblem } from '../../../profile/ingress-snippets';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { joinPath } from '../../engine/json';
import { Severity } from '../../severity';

/** Ingresses inject no raw controller configuration and do not bypass TLS termination. */
export const ingNoSnippets: AuditRule = {
  id: RuleId.ING_NO_SNIPPETS,
  group: RuleGroup.NETWORK,
  title: 'No snippet annotations (`configuration-snippet`, `server-snippet`, `auth-snippet`, ... or any `*-snippet(s)`) '
    + 'and no `ssl-passthrough` on Ingresses',
  explanation: 'Snippet annotations paste raw nginx configuration into the controller, which runs with a token that '
    + 'reads every Secret of the cluster: a snippet can serve those Secrets or the TLS keys of other tenants '
    + '(CVE-2021-25742). ssl-passthrough hands the TLS connection to the backend, so '
    + 'the Ingress\'s TLS, HTTPS redirect, HSTS and every other controller control no longer apply.',
  fix: 'Use the controller\'s dedicated annotations (or the SecureIngress controller profile options) instead of a '
    + 'snippet, and terminate TLS at the controller. A deliberate use needs SecurityException.of(RuleId.ING_NO_SNIPPETS, reason) '
    + 'in the SecureIngress\'s exceptions.',
  severity: Severity.ERROR,
  kinds: ['Ingress'],
  appliesTo: 'Ingresses',
  cis: [],
  documentation: 'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/',
  check: object => {
    const violations: Violation[] = [];
    for (const key of Object.keys(object.annotations).sort()) {
      const problem = snippetAnnotationProblem(key, object.annotations[key]);
      if (problem) {
        violations.push({ path: joinPath('metadata.annotations', key), message: `the annotation ${key} ${problem}` });
      }
    }
    return violations;
  },
};
