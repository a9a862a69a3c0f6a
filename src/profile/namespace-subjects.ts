import { broadSubjectProblem, SYSTEM_NAME_PREFIX } from './namespace-access-rules';

/** Why a subject cannot be bound to a SecureNamespace role, with the value to name and the fix. */
export interface SubjectProblem {
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
}

const SUBJECT_KINDS = ['Group', 'User', 'ServiceAccount'];
const GROUP_FIX = 'bind the group of the team that owns the namespace, e.g. kplus.Group.fromName(scope, id, "team-a-developers")';

/**
 * Why `subject` (a subject configuration or a subject of a rendered RoleBinding, from any caller) cannot be bound to
 * a role of the namespace `namespace`, or `undefined`: a known kind, a name, no group of identities the team does not
 * own, no other name Kubernetes reserves (`system:`), no surrounding whitespace, and a namespace for a ServiceAccount.
 * There is no exception: a binding the platform needs to such a subject is made outside the SecureNamespace, and the
 * audit reports it as RBAC-BROAD-SUBJECT.
 */
export function subjectProblem(subject: unknown, namespace: string): SubjectProblem | undefined {
  const config = (subject !== null && typeof subject === 'object' ? subject : {}) as { kind?: unknown; name?: unknown; namespace?: unknown };
  const kind = config.kind;
  if (typeof kind !== 'string' || !SUBJECT_KINDS.includes(kind)) {
    return { value: kind, problem: 'the subject kind is not Group, User or ServiceAccount', fix: 'pass a kplus.Group, kplus.User or kplus.ServiceAccount' };
  }
  const name = config.name;
  if (typeof name !== 'string' || name.trim() === '') {
    return {
      value: name,
      problem: `a ${kind} subject needs a name; an empty name binds nobody, or the wrong principal`,
      fix: 'pass the group or user name your identity provider sends, e.g. kplus.Group.fromName(scope, id, "team-a-developers")',
    };
  }
  const broad = broadSubjectProblem(kind, name);
  if (broad) {
    return { value: name, problem: `this subject ${broad}, so the role would be granted to all of them`, fix: GROUP_FIX };
  }
  if (name.trim().toLowerCase().startsWith(SYSTEM_NAME_PREFIX)) {
    return {
      value: name,
      problem: 'names with the system: prefix are reserved for Kubernetes components and ServiceAccounts',
      fix: `${GROUP_FIX}; bind a ServiceAccount as a kplus.ServiceAccount subject`,
    };
  }
  if (name !== name.trim()) {
    return { value: name, problem: 'the name has leading or trailing whitespace, so it binds nobody or a look-alike principal', fix: 'remove the whitespace' };
  }
  if (kind === 'ServiceAccount' && (typeof config.namespace !== 'string' || config.namespace === '')) {
    return { value: name, problem: 'a ServiceAccount subject needs its namespace', fix: `give the ServiceAccount metadata.namespace, e.g. "${namespace}"` };
  }
  return undefined;
}
