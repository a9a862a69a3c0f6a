import { isBuiltInObject } from '../../../profile/known-kinds';
import { objectNameProblem } from '../../../profile/object-names';
import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule } from '../../engine/audit-rule';
import { asObject, asString } from '../../engine/json';
import { Severity } from '../../severity';

/** `metadata.name` (or `generateName`) is one the API server accepts for the kind. */
export const metaName: AuditRule = {
  id: RuleId.META_NAME,
  group: RuleGroup.LABELS_REVIEW,
  title: '`metadata.name` valid for the kind: DNS-1123 subdomain; DNS-1123 label for Namespaces; RFC 1035 label for Services; '
    + 'at most 52 characters for CronJobs',
  explanation: 'The API server rejects an object whose name is not valid for its kind (`Api_1`, upper case, more than 63 '
    + 'characters for a Namespace or Service), so the apply fails part-way through.',
  fix: 'Use lower-case names of letters, digits and "-", at most 63 characters; SecureDeployment and SecureNamespace reject other names '
    + 'at synth time.',
  severity: Severity.ERROR,
  appliesTo: 'every object',
  cis: [],
  documentation: 'https://kubernetes.io/docs/concepts/overview/working-with-objects/names/',
  check: object => {
    const metadata = asObject(object.json.metadata);
    const name = asString(metadata?.name);
    const generateName = asString(metadata?.generateName);
    if (name === undefined && generateName !== undefined) {
      // The server appends 5 characters; a trailing "-" is the usual separator.
      const problem = objectNameProblem(object.kind, `${generateName.replace(/-$/, '')}-abcde`, isBuiltInObject(object));
      return problem ? [{ path: 'metadata.generateName', message: `the generateName ${JSON.stringify(generateName)} makes names that ${problem}` }] : [];
    }
    const problem = objectNameProblem(object.kind, name ?? '', isBuiltInObject(object));
    return problem ? [{ path: 'metadata.name', message: `the ${object.kind} name ${JSON.stringify(name ?? '')} ${problem}` }] : [];
  },
};
