import { RuleId } from '../../../profile/rule-id';
import { RuleGroup } from '../../compliance/rule-group';
import { AuditRule, Violation } from '../../engine/audit-rule';
import { checkContainers } from '../../engine/container-checks';
import { asArray, asObject, asString, JsonObject, subPath } from '../../engine/json';
import { ContainerRef, describeContainer, SERVING_KINDS } from '../../engine/pod-template';
import { Severity } from '../../severity';

const PROBES = ['readinessProbe', 'livenessProbe'];

function declaredPorts(ref: ContainerRef): { numbers: Set<number>; names: Set<string> } {
  const numbers = new Set<number>();
  const names = new Set<string>();
  for (const entry of asArray(ref.container.ports)) {
    const port = asObject(entry);
    if (typeof port?.containerPort === 'number') numbers.add(port.containerPort);
    const name = asString(port?.name);
    if (name) names.add(name);
  }
  return { numbers, names };
}

function probePortViolations(ref: ContainerRef, probeName: string, probe: JsonObject): Violation[] {
  const ports = declaredPorts(ref);
  const violations: Violation[] = [];
  for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = asObject(probe[handler])?.port;
    if (port === undefined) {
      continue;
    }
    const declared = typeof port === 'number' ? ports.numbers.has(port)
      : /^\d+$/.test(String(port)) ? ports.numbers.has(Number(port)) : ports.names.has(String(port));
    if (!declared) {
      violations.push({
        path: subPath(ref.path, `${probeName}.${handler}.port`),
        message: `${describeContainer(ref)} ${probeName} probes port ${JSON.stringify(port)}, which the container does not declare`,
      });
    }
  }
  return violations;
}

/** Regular containers of long-running workloads have readiness and liveness probes on declared ports. */
export const ctrProbes: AuditRule = {
  id: RuleId.CTR_PROBES,
  group: RuleGroup.AVAILABILITY,
  title: 'Readiness and liveness probes on every container of Deployments, StatefulSets and DaemonSets; probe ports are declared',
  explanation: 'Without a readiness probe, traffic reaches pods before they can serve and during rollouts; without a '
    + 'liveness probe a hung process is never restarted. A probe on an undeclared port fails or probes the wrong thing.',
  fix: 'SecureDeployment adds readiness and liveness probes on its container port; set its probe props for other '
    + 'paths, or the grpc probe for gRPC services.',
  severity: Severity.WARNING,
  kinds: SERVING_KINDS,
  appliesTo: 'regular containers of Deployments, StatefulSets and DaemonSets (not init containers, not Jobs)',
  cis: [],
  documentation: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
  check: object => checkContainers(object, ref => {
    const violations: Violation[] = [];
    for (const probeName of PROBES) {
      const probe = asObject(ref.container[probeName]);
      if (!probe) {
        violations.push({ path: subPath(ref.path, probeName), message: `${describeContainer(ref)} has no ${probeName}` });
      } else {
        violations.push(...probePortViolations(ref, probeName, probe));
      }
    }
    const startup = asObject(ref.container.startupProbe);
    if (startup) {
      violations.push(...probePortViolations(ref, 'startupProbe', startup));
    }
    return violations;
  }, ref => ref.type === 'containers'),
};
