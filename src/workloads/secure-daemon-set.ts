import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { HostAccess, HostNamespace } from './host-access';
import { SECURE_DAEMON_SET_PROP_TYPES } from './prop-schema';
import { SecurePeer } from './secure-peer';
import { AllowConnectionOptions, MountSecretOptions, SecureWorkloadOptions } from './secure-workload-options';
import { checkedList, hardenedPodProps, WorkloadHardening, WorkloadKind } from './workload-hardening';
import { invalidProp } from '../internal/errors';
import { checkPropTypes, propsReadOnce } from '../internal/prop-types';
import { SecurityPolicy } from '../policy/security-policy';
import { MIN_EXCEPTION_REASON_LENGTH } from '../profile/exception-annotation';
import { hostPathGrantReason } from '../profile/host-path-grant';
import { ONE_POD_PER_NODE_DECISION } from '../profile/library-decisions';
import { normaliseMountPath, sensitiveHostPathProblem } from '../profile/mount-paths';
import { RuleId } from '../profile/rule-id';
import { SecurityException } from '../profile/security-exception';
import { isPortNumber, portNameProblem } from '../profile/workload-ports';
import { volumeNameForPath } from '../profile/workload-volumes';


/** Pods a rollout of a SecureDaemonSet replaces at a time, by default: one node's agent at a time. */
const DEFAULT_MAX_UNAVAILABLE = 1;
/** Most pods a rollout may take down at a time, as a number (the audit's WL-ROLLING bound): one node's agent at a time. */
const MAX_MAX_UNAVAILABLE = 1;

/** The rules whose exceptions only `hostAccess` may give a SecureDaemonSet (each names what it opens). */
const HOST_RULES: ReadonlyMap<RuleId, string> = new Map([
  [RuleId.POD_NO_HOSTPATH, "HostAccess.readOnlyPath('/var/log', '/var/log', '<why>')"],
  [RuleId.POD_VOLUME_TYPES, "HostAccess.readOnlyPath('/var/log', '/var/log', '<why>')"],
  [RuleId.POD_NO_HOSTNETWORK, "HostAccess.namespace(HostNamespace.NETWORK, '<why>')"],
  [RuleId.POD_NO_HOSTPID, "HostAccess.namespace(HostNamespace.PID, '<why>')"],
  [RuleId.POD_NO_HOSTIPC, "HostAccess.namespace(HostNamespace.IPC, '<why>')"],
  [RuleId.POD_HOSTPATH_READONLY, "HostAccess.writablePath('/var/lib/agent', '/state', '<why>', { reference: 'SEC-1234' })"],
]);

const NAMESPACE_RULES: Record<HostNamespace, RuleId> = {
  [HostNamespace.NETWORK]: RuleId.POD_NO_HOSTNETWORK,
  [HostNamespace.PID]: RuleId.POD_NO_HOSTPID,
  [HostNamespace.IPC]: RuleId.POD_NO_HOSTIPC,
};

/**
 * Props of a {@link SecureDaemonSet}: the cdk8s-plus `DaemonSetProps` (checked, never silently overridden) plus the
 * main container, its host access and the hardening options every secure workload takes.
 */
export interface SecureDaemonSetProps extends kplus.DaemonSetProps, SecureWorkloadOptions {
  /**
   * The port the main container listens on (e.g. metrics): default readiness and liveness probes use it.
   *
   * @default - no port; readiness and liveness probes (or an exception to CTR-PROBES) are then required
   */
  readonly port?: number;

  /**
   * Name of the container port.
   *
   * @default "http"
   */
  readonly portName?: string;

  /**
   * What of the node the main container may reach: hostPath directories (each with its mount path and mode) and
   * host namespaces. Exceptions to POD-NO-HOSTPATH, POD-VOLUME-TYPES and the host namespace rules come only from here.
   *
   * @default - none: the pods are isolated from the node like any other
   */
  readonly hostAccess?: HostAccess[];

  /**
   * Most pods a rollout replaces at a time (`updateStrategy.rollingUpdate.maxUnavailable`); as a number the audit
   * (WL-ROLLING) accepts at most 1, so 1 is the only value.
   *
   * @default 1
   */
  readonly maxUnavailable?: number;
}

const DAEMON_SET_KIND: WorkloadKind = Object.freeze<WorkloadKind>({
  constructName: 'SecureDaemonSet',
  noun: 'daemon set',
  serving: true,
  // One pod per node already: spreading adds nothing.
  spread: false,
  templateOf: (rendered) => rendered?.spec?.template,
  templatePath: 'spec.template',
  specToJson: kplus.k8s.toJson_DaemonSetSpec,
  hasSelector: true,
  namesakes: [],
  selectorUsers: 'NetworkPolicy',
});

interface HostPathAccess {
  readonly name: string;
  readonly hostPath: string;
  readonly mountPath: string;
  readonly readOnly: boolean;
}

/**
 * A DaemonSet (a node agent: a log shipper, a runtime monitor) hardened by default like SecureDeployment, auditing
 * clean under Pod Security Standards restricted and the library's hardened pack unless it is given host access.
 *
 * Extends cdk8s-plus `DaemonSet`, so its API keeps working. Every container, including those added later, gets every
 * pod and container control of SecureDeployment, an own ServiceAccount (no token) and a NetworkPolicy. Rollouts
 * replace one node's pod at a time (RollingUpdate, `maxUnavailable` 1); the priority class is the one given or else
 * the first of the SecurityPolicy's `platformPriorityClasses`; no tolerations are added (only those given).
 *
 * Node agents are the legitimate case for host access: a read-only hostPath such as `/var/log` and host namespaces
 * come only through `hostAccess` (typed exceptions naming path and mode); a writable hostPath or a privileged
 * container needs the exception policy's approval (an approval reference, and the rule in `allowedRules`).
 *
 * @example
 * new SecureDaemonSet(chart, 'logs', {
 *   image: 'ghcr.io/acme/log-shipper:3.2.1', port: 2020,
 *   hostAccess: [HostAccess.readOnlyPath('/var/log', '/var/log', 'ships the node logs to the central store')],
 * });
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export class SecureDaemonSet extends kplus.DaemonSet {
  /** The namespace of the daemon set and of every object it emits. */
  public readonly namespace: string;

  /** The main container. */
  public readonly container: kplus.Container;

  /** The NetworkPolicy that selects the pods: deny all, except DNS and the peers allowed. */
  public readonly networkPolicy: kplus.NetworkPolicy;

  private readonly hardening: WorkloadHardening;
  private readonly hostPaths: HostPathAccess[];
  private readonly hostNamespaces: ReadonlySet<HostNamespace>;
  private readonly maxUnavailable: number;

  constructor(scope: Construct, id: string, props: SecureDaemonSetProps) {
    // Read once: what the checks judge is what the workload is built from.
    props = propsReadOnce(props, SECURE_DAEMON_SET_PROP_TYPES);
    checkPropTypes(scope, id, 'SecureDaemonSet', props, SECURE_DAEMON_SET_PROP_TYPES, {
      required: { image: "'ghcr.io/acme/log-shipper:3.2.1'" }, example: "{ image: 'ghcr.io/acme/log-shipper:3.2.1', port: 2020 }",
    });
    const access = checkedList({ node: { path: [scope.node.path, id].filter(Boolean).join('/') } } as Construct, 'hostAccess', props.hostAccess);
    const namespaces = new Set(access.map((entry) => entry?._namespace).filter((ns): ns is HostNamespace => ns !== undefined));
    const exceptions = [...(Array.isArray(props.exceptions) ? props.exceptions : []), ...hostExceptions(access)];
    const withAccess: SecureDaemonSetProps = {
      ...props, exceptions: Array.isArray(props.exceptions) || access.length > 0 ? exceptions : props.exceptions,
    };
    super(scope, id, {
      ...props,
      // Containers are added below, once this construct can check them.
      containers: undefined,
      initContainers: undefined,
      hostNetwork: props.hostNetwork ?? namespaces.has(HostNamespace.NETWORK),
      ...hardenedPodProps(withAccess),
    });
    this.checkGivenExceptions(props.exceptions);
    const policy = SecurityPolicy.of(this);
    this.hardening = new WorkloadHardening(this, {
      ...withAccess,
      priorityClassName: props.priorityClassName ?? policy?.platformPriorityClasses?.[0],
      hostNetwork: props.hostNetwork ?? namespaces.has(HostNamespace.NETWORK),
    }, DAEMON_SET_KIND);
    this.namespace = this.hardening.namespace;
    this.hostNamespaces = namespaces;
    this.hostPaths = this.checkHostAccess(access);
    const grants = this.hostPaths.map((path) => ({ path: path.hostPath, readOnly: path.readOnly }));
    this.hardening.exceptions.limitToHostPaths([RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES], grants);
    this.hardening.exceptions.limitToHostPaths([RuleId.POD_HOSTPATH_READONLY], grants.filter((grant) => !grant.readOnly));
    this.maxUnavailable = this.checkProps(props);
    this.hardening.checkPodProps({ ...props, hostNetwork: props.hostNetwork ?? namespaces.has(HostNamespace.NETWORK) });
    this.container = this.hardening.addMainContainer(id, props);
    for (const [i, path] of this.hostPaths.entries()) {
      const volume = kplus.Volume.fromHostPath(this, `HostPath${i}`, path.name, { path: path.hostPath, type: kplus.HostPathVolumeType.DIRECTORY });
      this.hardening.recordVolumeProp(path.name, 'hostAccess');
      this.container.mount(path.mountPath, volume, { readOnly: path.readOnly });
    }
    this.hardening.createNetworkPolicy(props);
    this.networkPolicy = this.hardening.policy;
    this.hardening.finish((rendered) => this.hostAccessErrors(rendered?.spec?.template?.spec ?? {}), [ONE_POD_PER_NODE_DECISION]);
  }

  /**
   * Allows traffic from `peer` to this daemon set's pods (e.g. a metrics scraper).
   *
   * @param peer who may connect
   * @param options ports (default: this daemon set's container ports)
   */
  public allowFrom(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    this.hardening.allowFrom(peer, options);
  }

  /**
   * Allows traffic from this daemon set's pods to `peer` (e.g. the log store).
   *
   * @param peer where the pods may connect to
   * @param options ports (default: the container ports of a secure workload peer; every port otherwise)
   */
  public allowTo(peer: SecurePeer, options: AllowConnectionOptions = {}): void {
    this.hardening.allowTo(peer, options);
  }

  /**
   * Mounts `secret` as read-only files (mode 0400, group-readable through the pod's fsGroup) at `path`.
   *
   * @param secret the Secret
   * @param path directory the Secret's keys appear in
   * @param options keys to project and the container (default: the main container)
   */
  public mountSecret(secret: kplus.ISecret, path: string, options: MountSecretOptions = {}): void {
    this.hardening.mountSecret(secret, path, options, this.container);
  }

  /** Adds a container hardened like the main one; weakened settings need an exception. */
  public addContainer(cont: kplus.ContainerProps): kplus.Container {
    return super.addContainer(this.hardening.containerProps(cont));
  }

  /** Attaches a container and checks it against the hardening profile. */
  public attachContainer(cont: kplus.Container): void {
    this.hardening.beforeAttach(cont);
    super.attachContainer(cont);
    this.hardening.afterAttach(cont);
  }

  /** Adds an init container (or a sidecar, with `restartPolicy: Always`) hardened like every other container. */
  public addInitContainer(cont: kplus.ContainerProps): kplus.Container {
    const container = super.addInitContainer(this.hardening.initContainerProps(cont));
    this.hardening.initContainerAdded(container);
    return container;
  }

  /** The daemon set's ServiceAccount as a RoleBinding subject, with its namespace. */
  public toSubjectConfiguration(): kplus.SubjectConfiguration {
    return this.hardening.subjectConfiguration(super.toSubjectConfiguration());
  }

  /** @internal */
  public _toKube(): kplus.k8s.DaemonSetSpec {
    const spec = super._toKube();
    const podSpec: kplus.k8s.PodSpec = {
      ...spec.template.spec!,
      hostPid: this.hostNamespaces.has(HostNamespace.PID) ? true : undefined,
      hostIpc: this.hostNamespaces.has(HostNamespace.IPC) ? true : undefined,
    };
    // Host access first: its errors name the hostAccess entry a volume or mount does not match.
    const errors = this.hostAccessErrors(podSpec as unknown as Record<string, any>);
    if (errors.length > 0) {
      throw new Error(errors[0]);
    }
    const template = this.hardening.hardenTemplate({ ...spec.template, spec: podSpec });
    return this.hardening.checkedSpec({
      ...spec,
      template,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(this.maxUnavailable) } },
    });
  }

  private checkProps(props: SecureDaemonSetProps): number {
    if (props.select === false) {
      throw invalidProp(this, 'select', false, 'the NetworkPolicy selects the pods by the daemon set\'s selector', 'leave select unset (true)');
    }
    if (props.port !== undefined && !isPortNumber(props.port)) {
      throw invalidProp(this, 'port', props.port, 'a port is a whole number from 1 to 65535', 'use a port from 1024 to 65535, e.g. 2020');
    }
    const portNameIssue = props.portName === undefined ? undefined : portNameProblem(props.portName);
    if (portNameIssue) {
      throw invalidProp(this, 'portName', props.portName, `the name ${portNameIssue}`, 'use a name such as "metrics"');
    }
    const max = props.maxUnavailable ?? DEFAULT_MAX_UNAVAILABLE;
    if (!Number.isInteger(max) || max < 1 || max > MAX_MAX_UNAVAILABLE) {
      throw invalidProp(this, 'maxUnavailable', props.maxUnavailable,
        `a rollout replaces at most ${MAX_MAX_UNAVAILABLE} node's pod at a time, so a bad version never takes the agent off several nodes at once`,
        `use ${DEFAULT_MAX_UNAVAILABLE} (the default)`);
    }
    if (props.containerSecurityContext?.privileged === true) {
      this.requireApproval(RuleId.CTR_NOT_PRIVILEGED, 'containerSecurityContext.privileged', true, 'a privileged agent has full access to the node');
    }
    return max;
  }

  /** Exceptions to the host rules come only from `hostAccess`, which names what they open. */
  private checkGivenExceptions(given: unknown): void {
    for (const exception of Array.isArray(given) ? given : []) {
      const rule = (exception as SecurityException | null)?.rule;
      const fix = rule === undefined ? undefined : HOST_RULES.get(rule);
      if (fix) {
        throw invalidProp(this, `exceptions[${rule}]`, (exception as SecurityException).reason,
          'a plain exception to a host access rule would allow any host path or namespace, not the one the agent needs',
          `name the access in hostAccess instead, e.g. hostAccess: [${fix}]`);
      }
    }
  }

  private checkHostAccess(access: readonly HostAccess[]): HostPathAccess[] {
    const paths: HostPathAccess[] = [];
    const seenNamespaces = new Set<HostNamespace>();
    access.forEach((entry, i) => {
      const prop = `hostAccess[${i}]`;
      if (!(entry instanceof HostAccess)) {
        throw invalidProp(this, prop, entry, 'is not a HostAccess', "use HostAccess.readOnlyPath('/var/log', '/var/log', '<why>') or HostAccess.namespace(...)");
      }
      if (typeof entry._reason !== 'string' || entry._reason.trim().length < MIN_EXCEPTION_REASON_LENGTH) {
        throw invalidProp(this, `${prop}.reason`, entry._reason, `host access needs a reason of at least ${MIN_EXCEPTION_REASON_LENGTH} characters that reviewers can judge`,
          'explain why the agent needs it, e.g. \'ships the node logs to the central log store\'');
      }
      if (entry._namespace !== undefined) {
        if (!Object.values(HostNamespace).includes(entry._namespace)) {
          throw invalidProp(this, `${prop}.namespace`, entry._namespace, 'is not a HostNamespace', 'use HostNamespace.NETWORK, PID or IPC');
        }
        if (seenNamespaces.has(entry._namespace)) {
          throw invalidProp(this, prop, entry._namespace, 'the host namespace is given twice', 'give each host namespace once');
        }
        seenNamespaces.add(entry._namespace);
        return;
      }
      const hostPath = typeof entry._hostPath === 'string' ? normaliseMountPath(entry._hostPath) : undefined;
      if (hostPath === undefined || hostPath === '/') {
        throw invalidProp(this, `${prop}.hostPath`, entry._hostPath, 'a hostPath is an absolute node directory other than "/" without ".."',
          'name the one directory the agent needs, e.g. "/var/log"');
      }
      const mountPath = this.hardening.checkMountPath(`${prop}.mountPath`, entry._mountPath);
      if (entry._readOnly) {
        const sensitive = sensitiveHostPathProblem(hostPath);
        if (sensitive) {
          throw invalidProp(this, `${prop}.hostPath`, hostPath, sensitive,
            'mount a narrower directory (e.g. /var/log), or, if the agent truly needs it, HostAccess.writablePath(...) with the platform team\'s approval');
        }
      } else {
        this.requireApproval(RuleId.POD_NO_HOSTPATH, `${prop}.hostPath`, hostPath, 'a writable hostPath lets the pod change the node\'s file system');
        // The writable mount is what POD-HOSTPATH-READONLY reports; its exception stands for this entry.
        this.hardening.exceptions.markUsed(RuleId.POD_HOSTPATH_READONLY);
      }
      if (paths.some((path) => path.hostPath === hostPath)) {
        throw invalidProp(this, `${prop}.hostPath`, hostPath, 'the node directory is given twice', 'give each hostPath once');
      }
      paths.push({ name: volumeNameForPath(`host-${hostPath}`), hostPath, mountPath, readOnly: entry._readOnly });
    });
    return paths;
  }

  /** Host access beyond the typed exceptions needs the exception policy's approval (the core decides it for every kind). */
  private requireApproval(rule: RuleId, prop: string, value: unknown, problem: string): void {
    this.hardening.requireApproval(rule, prop, value, problem, rule === RuleId.POD_NO_HOSTPATH
      ? "pass HostAccess.writablePath(hostPath, mountPath, '<why>', { reference: 'SEC-1234', expires: '2027-03-31' }) and have the platform team "
        + `allow ${rule} in SecurityPolicy.apply(app, { exceptionPolicy: { allowedRules: [...] } }) (and in every policy below it), `
        + 'or mount the directory read-only'
      : `add SecurityException.of(RuleId.CTR_NOT_PRIVILEGED, '<why>', { reference: 'SEC-1234' }) and have the platform team allow ${rule} `
        + 'in the allowedRules of every exception policy above the agent, or grant the one capability the agent needs instead');
  }

  /** The host access of a rendered pod spec that no `hostAccess` entry names (JSON patches, volumes added later). */
  private hostAccessErrors(spec: Record<string, any>): string[] {
    const errors: string[] = [];
    const declared = new Map(this.hostPaths.map((path) => [path.name, path]));
    const hostVolumes = new Set<string>();
    for (const volume of spec.volumes ?? []) {
      if (volume?.hostPath === undefined) {
        continue;
      }
      hostVolumes.add(volume.name);
      const path = declared.get(volume.name);
      if (!path || normaliseMountPath(String(volume.hostPath.path)) !== path.hostPath) {
        errors.push(invalidProp(this, `volumes.${volume.name}`, volume.hostPath.path, 'the hostPath volume is not one that hostAccess names',
          "declare it with hostAccess: [HostAccess.readOnlyPath(hostPath, mountPath, '<why>')] (remove the volume or JSON patch that adds it)").message);
      }
    }
    const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    for (const container of containers) {
      for (const mount of container?.volumeMounts ?? []) {
        if (!hostVolumes.has(mount?.name)) {
          continue;
        }
        const path = declared.get(mount.name);
        const asDeclared = path && container.name === this.container.name && normaliseMountPath(String(mount.mountPath)) === path.mountPath
          && (mount.readOnly === true || !path.readOnly);
        if (!asDeclared) {
          errors.push(invalidProp(this, `containers[${container.name}].volumeMounts.${mount.name}`, mount.mountPath,
            `the hostPath is mounted other than hostAccess names it (${path ? `${path.readOnly ? 'read-only' : 'writable'} at ${path.mountPath} in the main container` : 'not at all'})`,
            'mount host paths only through hostAccess').message);
        }
      }
    }
    for (const [field, namespace] of [['hostNetwork', HostNamespace.NETWORK], ['hostPID', HostNamespace.PID], ['hostIPC', HostNamespace.IPC]] as const) {
      const camel = field === 'hostNetwork' ? field : field === 'hostPID' ? 'hostPid' : 'hostIpc';
      if ((spec[field] === true || spec[camel] === true) && !this.hostNamespaces.has(namespace)) {
        errors.push(invalidProp(this, field, true, 'the pods would share a namespace of the node that hostAccess does not name',
          `declare it with hostAccess: [HostAccess.namespace(HostNamespace.${namespace === HostNamespace.NETWORK ? 'NETWORK' : namespace === HostNamespace.PID ? 'PID' : 'IPC'}, '<why>')]`).message);
      }
    }
    const privileged = containers.find((container) => container?.securityContext?.privileged === true);
    if (privileged) {
      try {
        this.requireApproval(RuleId.CTR_NOT_PRIVILEGED, `containers[${privileged.name}].securityContext.privileged`, true, 'a privileged agent has full access to the node');
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    return errors;
  }
}

/** The exceptions the host access entries stand for: one per rule, naming every path or namespace it covers. */
function hostExceptions(access: readonly HostAccess[]): SecurityException[] {
  const byRule = new Map<RuleId, HostAccess[]>();
  for (const entry of access) {
    if (!(entry instanceof HostAccess)) {
      continue;
    }
    const rules = entry._namespace !== undefined ? [NAMESPACE_RULES[entry._namespace]]
      : [RuleId.POD_NO_HOSTPATH, RuleId.POD_VOLUME_TYPES, ...entry._readOnly ? [] : [RuleId.POD_HOSTPATH_READONLY]];
    for (const rule of rules) {
      byRule.set(rule, [...(byRule.get(rule) ?? []), entry]);
    }
  }
  return [...byRule.entries()].map(([rule, entries]) => {
    const reason = entries.map((entry) => entry._namespace !== undefined ? `${entry._namespace}: ${entry._reason}`
      : hostPathGrantReason(String(entry._hostPath), entry._readOnly, String(entry._mountPath), entry._reason)).join('; ');
    // The writable entries' approval wins: it is the one the exception policy must see.
    const approved = entries.find((entry) => !entry._readOnly && entry._approval.reference)
      ?? entries.find((entry) => entry._approval.reference) ?? entries[0];
    return SecurityException.of(rule, reason, approved._approval);
  });
}
