import { RuleId } from '../../../profile/rule-id';
import { missingRequiredLabels } from '../../../profile/workload-labels';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { joinPath } from '../../engine/json';
import { Severity } from '../../severity';

const PREFIX = 'app.kubernetes.io/';
const REQUIRED = ['name', 'instance', 'part-of', 'version', 'managed-by'];
const RECOMMENDED_KEYS: readonly string[] = REQUIRED.map(label => `${PREFIX}${label}`);

/** Workload controllers carry the Kubernetes recommended labels and the labels the organisation requires. */
export const metaLabels: AuditRule = {
  id: RuleId.META_LABELS,
  group: RuleGroup.LABELS_REVIEW,
  title: 'Recommended labels `app.kubernetes.io/{name,instance,part-of,version,managed-by}`; `instance` equals `metadata.name`; '
    + 'the organisation\'s required labels (AuditOptions.requiredLabels)',
  explanation: 'Inventories, cost reports, incident response and policy tools find and attribute workloads through '
    + 'these labels; an unlabelled workload is an unknown one.',
  fix: 'SecureDeployment sets all five recommended labels (name, instance, part-of, version from the image tag, managed-by); '
    + 'add the required ones through metadata.labels or the Chart\'s labels.',
  severity: Severity.WARNING,
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'],
  appliesTo: 'Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and bare Pods',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/',
  check: (object, context) => {
    const violations: Violation[] = [];
    for (const label of REQUIRED) {
      const key = `${PREFIX}${label}`;
      const value = object.labels[key];
      const path = joinPath('metadata.labels', key);
      if (!value) {
        violations.push({ path, message: `the ${object.kind} has no ${key} label` });
      } else if (label === 'instance' && value !== object.name) {
        violations.push({ path, message: `${key} is ${JSON.stringify(value)}, not the ${object.kind}'s name ${JSON.stringify(object.name)}` });
      }
    }
    // The recommended labels are judged above; an organisation that also requires one gets one finding for it.
    const required = context.policy.requiredLabels.filter(key => !RECOMMENDED_KEYS.includes(key));
    for (const key of missingRequiredLabels(object.labels, required)) {
      const state = object.labels[key] === undefined ? `has no ${key} label` : `has an empty ${key} label`;
      violations.push({ path: joinPath('metadata.labels', key), message: `the ${object.kind} ${state}, which the organisation requires` });
    }
    return violations;
  },
};
