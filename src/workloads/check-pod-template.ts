import { k8s } from 'cdk8s-plus-28';
import { IConstruct } from 'constructs';
import { invalidProp } from '../internal/errors';
import { SecurityExceptions } from '../internal/security-exceptions';
import { polarisFlaggedEnvVars } from '../profile/polaris-env';
import { probesAreIdentical } from '../profile/probe-handlers';
import { parseQuantity, quantityProblem } from '../profile/quantity';
import { RuleId } from '../profile/rule-id';
import { couldBeSecret, isSecretLookingName, isSecretValue } from '../profile/workload-env';
import {
  ImageReference, imageTagProblem, isAllowedRegistry, parseImageReference, pullPolicyFor, qualifiedImageName, TAG_PULL_POLICY,
} from '../profile/workload-image';
import { isPortNumber, MIN_UNPRIVILEGED_PORT, portNameProblem } from '../profile/workload-ports';
import { RESOURCE_NAMES } from '../profile/workload-resource-defaults';
import {
  APPARMOR_ANNOTATION_PREFIX, CONFINING_SECCOMP_TYPES, DROPPED_CAPABILITY, isConfiningAppArmorProfile, MIN_HIGH_ID, SAFE_SYSCTLS,
} from '../profile/workload-security-context';
import { ALLOWED_VOLUME_TYPES } from '../profile/workload-volumes';

/** What the checks need besides the template. */
export interface PodTemplateCheckContext {
  /** The construct named in errors. */
  readonly scope: IConstruct;
  /** The exceptions given to it. */
  readonly exceptions: SecurityExceptions;
  /** Reject images that are not pinned by digest. */
  readonly requireDigest: boolean;
  /** Registries (or path prefixes) images may come from, from the SecurityPolicy; undefined allows any. */
  readonly allowedRegistries?: readonly string[];
  /** Whether regular containers need readiness and liveness probes (serving workloads; not Jobs). Default true. */
  readonly requireProbes?: boolean;
}

/** Where a container sits in the pod, for error messages and the probe rule. */
export enum ContainerRole {
  /** A regular container: needs readiness and liveness probes. */
  REGULAR = 'containers',
  /** An init container (including sidecars, init containers with `restartPolicy: Always`). */
  INIT = 'initContainers',
}

/**
 * Checks a completed pod template against the hardening profile and throws the standard error for the
 * first weakened control that has no exception, or for an input that is simply invalid.
 */
export function checkPodTemplate(template: k8s.PodTemplateSpec, ctx: PodTemplateCheckContext): void {
  const spec = template.spec!;
  checkPodSpec(spec, ctx);
  for (const container of spec.initContainers ?? []) {
    checkContainer(container, ContainerRole.INIT, ctx);
  }
  for (const container of spec.containers) {
    checkContainer(container, ContainerRole.REGULAR, ctx);
  }
  checkPodPorts([...(spec.initContainers ?? []), ...spec.containers], ctx);
  checkPolarisSensitiveEnv(spec, ctx.exceptions);
  checkAppArmor(template.metadata?.annotations ?? {}, ctx);
}

/** Checks the pod-level security context (prop names as in cdk8s-plus `securityContext`). */
export function checkPodSecurityContext(sc: k8s.PodSecurityContext, ctx: PodTemplateCheckContext): void {
  const { exceptions } = ctx;
  if (sc.runAsNonRoot !== true) {
    exceptions.require(RuleId.POD_RUN_AS_NONROOT, 'securityContext.ensureNonRoot', sc.runAsNonRoot,
      'the pod must refuse to start processes as root');
  }
  checkIds('securityContext', sc.runAsUser, sc.runAsGroup, sc.runAsNonRoot, ctx);
  if (sc.fsGroup !== undefined) {
    checkId('securityContext.fsGroup', sc.fsGroup, ctx);
    if (sc.fsGroup === 0) {
      exceptions.require(RuleId.POD_NONROOT_GROUPS, 'securityContext.fsGroup', 0, 'volumes would be owned by the root group');
    }
  }
  if (sc.seccompProfile && !CONFINING_SECCOMP_TYPES.has(sc.seccompProfile.type)) {
    exceptions.require(RuleId.POD_SECCOMP, 'securityContext.seccompProfile', sc.seccompProfile.type, 'the pod would run without a seccomp filter');
  }
  for (const sysctl of sc.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(sysctl.name)) {
      exceptions.require(RuleId.POD_SYSCTLS, 'securityContext.sysctls', sysctl.name,
        `only the namespaced, safe sysctls are allowed (${[...SAFE_SYSCTLS].join(', ')})`);
    }
  }
}

function checkPodSpec(spec: k8s.PodSpec, ctx: PodTemplateCheckContext): void {
  const { exceptions } = ctx;
  checkPodSecurityContext(spec.securityContext ?? {}, ctx);
  if (spec.hostNetwork === true) {
    exceptions.require(RuleId.POD_NO_HOSTNETWORK, 'hostNetwork', true, 'the pod would share the node\'s network namespace');
  }
  if (spec.hostPid === true) {
    exceptions.require(RuleId.POD_NO_HOSTPID, 'hostPID', true, 'the pod would see every process of the node');
  }
  if (spec.hostIpc === true) {
    exceptions.require(RuleId.POD_NO_HOSTIPC, 'hostIPC', true, 'the pod would share the node\'s IPC namespace');
  }
  if (spec.automountServiceAccountToken !== false) {
    exceptions.require(RuleId.POD_NO_SA_TOKEN, 'automountServiceAccountToken', spec.automountServiceAccountToken,
      'a Kubernetes API token would be mounted into every container');
  }
  if (!spec.serviceAccountName || spec.serviceAccountName === 'default') {
    exceptions.require(RuleId.POD_OWN_SA, 'serviceAccount', spec.serviceAccountName ?? 'default',
      'the pod would share the namespace\'s default ServiceAccount');
  }
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find((key) => key !== 'name' && (volume as unknown as Record<string, unknown>)[key] !== undefined);
    // A host access exception covers only the hostPath volumes it names: say which volume each weakening is about.
    const excepted = { hostPath: type === 'hostPath' && typeof volume.hostPath?.path === 'string' ? volume.hostPath.path : undefined };
    if (type === 'hostPath') {
      exceptions.require(RuleId.POD_NO_HOSTPATH, `volumes.${volume.name}`, volume.hostPath?.path, 'a hostPath volume exposes the node\'s file system',
        excepted);
    }
    if (type !== undefined && !ALLOWED_VOLUME_TYPES.has(type)) {
      exceptions.require(RuleId.POD_VOLUME_TYPES, `volumes.${volume.name}`, type,
        `Pod Security Standards restricted allows only ${[...ALLOWED_VOLUME_TYPES].join(', ')} volumes`, excepted);
    }
  }
}

/** Checks runAsUser/runAsGroup at one level (pod or container). */
function checkIds(
  where: string, user: number | undefined, group: number | undefined, nonRoot: boolean | undefined, ctx: PodTemplateCheckContext,
): void {
  const { exceptions } = ctx;
  if (user !== undefined) {
    checkId(`${where}.user`, user, ctx);
    if (user === 0) {
      exceptions.require(RuleId.POD_RUNASUSER_NONZERO, `${where}.user`, user, 'the process would run as root');
      if (nonRoot === true) {
        throw invalidProp(ctx.scope, `${where}.user`, user, 'UID 0 contradicts runAsNonRoot: true, so the kubelet would refuse to start the container',
          'also set ensureNonRoot: false with SecurityException.of(RuleId.POD_RUN_AS_NONROOT, \'<why>\'), or better run as a UID above 10000');
      }
    } else if (user < MIN_HIGH_ID) {
      exceptions.require(RuleId.POD_HIGH_UID_GID, `${where}.user`, user, `UIDs below ${MIN_HIGH_ID} may belong to users of the node`);
    }
  }
  if (group !== undefined) {
    checkId(`${where}.group`, group, ctx);
    if (group === 0) {
      exceptions.require(RuleId.POD_NONROOT_GROUPS, `${where}.group`, group, 'the process would run with the root group');
    } else if (group < MIN_HIGH_ID) {
      exceptions.require(RuleId.POD_HIGH_UID_GID, `${where}.group`, group, `GIDs below ${MIN_HIGH_ID} may belong to groups of the node`);
    }
  }
}

function checkId(prop: string, id: number, ctx: PodTemplateCheckContext): void {
  if (!Number.isInteger(id) || id < 0 || id > 2147483647) {
    throw invalidProp(ctx.scope, prop, id, 'a UID/GID is a whole number from 0 to 2147483647', `use a number above 10000, e.g. ${MIN_HIGH_ID}`);
  }
}

/** Checks one completed container; `role` decides whether probes are required. */
export function checkContainer(container: k8s.Container, role: ContainerRole, ctx: PodTemplateCheckContext): void {
  const where = `${role}[${container.name}]`;
  checkImage(container, where, ctx);
  checkContainerSecurity(container.securityContext ?? {}, `${where}.securityContext`, ctx);
  checkResources(container, where, ctx);
  checkEnv(container, where, ctx);
  for (const port of container.ports ?? []) {
    if (!isPortNumber(port.containerPort)) {
      throw invalidProp(ctx.scope, `${where}.ports`, port.containerPort, 'a port is a whole number from 1 to 65535', 'use a port from 1024 to 65535, e.g. 8080');
    }
    const nameProblem = port.name === undefined ? undefined : portNameProblem(port.name);
    if (nameProblem) {
      throw invalidProp(ctx.scope, `${where}.ports`, port.name, `the port name ${nameProblem}`, 'use a name such as "http" or "metrics"');
    }
    if (port.containerPort < MIN_UNPRIVILEGED_PORT) {
      ctx.exceptions.require(RuleId.POD_PRIVILEGED_PORT, `${where}.ports`, port.containerPort,
        `binding a port below ${MIN_UNPRIVILEGED_PORT} needs root or NET_BIND_SERVICE; serve on a port >= ${MIN_UNPRIVILEGED_PORT} and map the Service port (e.g. 80 -> 8080)`);
    }
    if (port.hostPort !== undefined && port.hostPort !== 0) {
      ctx.exceptions.require(RuleId.CTR_NO_HOSTPORT, `${where}.ports.hostPort`, port.hostPort, 'a hostPort opens the port on the node and limits scheduling');
    }
  }
  checkProbes(container, role, where, ctx);
}

/**
 * Checks an image reference against the image policy (IMG-TAG, `requireDigest`) and returns it parsed.
 *
 * @param prop the prop that carries the image, named in errors
 */
export function checkImageReference(image: string, prop: string, ctx: PodTemplateCheckContext): ImageReference {
  const reference = parseImageReference(image);
  if (typeof reference === 'string') {
    throw invalidProp(ctx.scope, prop, image, `the image reference ${reference}`,
      'use "registry/repository:tag" or "registry/repository@sha256:<digest>", e.g. "ghcr.io/acme/api:1.4.2"');
  }
  if (ctx.allowedRegistries && !isAllowedRegistry(reference.name, ctx.allowedRegistries)) {
    ctx.exceptions.require(RuleId.IMG_REGISTRY, prop, image,
      `the image comes from ${qualifiedImageName(reference.name)}, outside the registries the SecurityPolicy allows `
      + `(${ctx.allowedRegistries.join(', ')}); mirror the image to an allowed registry`);
  }
  const tagProblem = imageTagProblem(reference);
  if (tagProblem) {
    ctx.exceptions.require(RuleId.IMG_TAG, prop, image,
      `the image ${tagProblem}; pin an explicit version tag, or better a digest ("${reference.name}@sha256:<digest>")`);
  }
  if (ctx.requireDigest && !reference.digest) {
    throw invalidProp(ctx.scope, prop, image, 'requireDigest is set and the image is not pinned by digest',
      `pin the image by digest, e.g. "${reference.name}${reference.tag ? `:${reference.tag}` : ''}@sha256:<digest>"`);
  }
  return reference;
}

function checkImage(container: k8s.Container, where: string, ctx: PodTemplateCheckContext): void {
  const reference = checkImageReference(container.image ?? '', `${where}.image`, ctx);
  const policy = container.imagePullPolicy;
  if (policy !== TAG_PULL_POLICY && policy !== pullPolicyFor(reference)) {
    ctx.exceptions.require(RuleId.IMG_PULL_ALWAYS, `${where}.imagePullPolicy`, policy,
      reference.digest
        ? 'a digest-pinned image is pulled with Always too, so the registry checks the pod\'s pull credentials (with IfNotPresent any pod on the node '
          + 'could start a private image another pod pulled); Polaris pullPolicyNotAlways and kube-score container-image-pull-policy flag it'
        : 'an image referenced by tag must be pulled with Always, so a re-pushed tag is noticed');
  }
}

function checkContainerSecurity(sc: k8s.SecurityContext, where: string, ctx: PodTemplateCheckContext): void {
  const { exceptions } = ctx;
  if (sc.privileged === true) {
    exceptions.require(RuleId.CTR_NOT_PRIVILEGED, `${where}.privileged`, true, 'a privileged container has full access to the node');
  }
  if (sc.allowPrivilegeEscalation !== false) {
    exceptions.require(RuleId.CTR_NO_PRIV_ESC, `${where}.allowPrivilegeEscalation`, sc.allowPrivilegeEscalation,
      'setuid binaries could gain more privileges than the process started with');
  }
  if (sc.runAsNonRoot !== true) {
    exceptions.require(RuleId.POD_RUN_AS_NONROOT, `${where}.ensureNonRoot`, sc.runAsNonRoot, 'the container must refuse to start as root');
  }
  checkIds(where, sc.runAsUser, sc.runAsGroup, sc.runAsNonRoot, ctx);
  if (sc.readOnlyRootFilesystem !== true) {
    exceptions.require(RuleId.CTR_READONLY_ROOTFS, `${where}.readOnlyRootFilesystem`, sc.readOnlyRootFilesystem,
      'a writable root file system lets an attacker modify the image; declare the paths the software writes with writablePaths');
  }
  const added = sc.capabilities?.add ?? [];
  if (added.length > 0) {
    exceptions.require(RuleId.CTR_CAPS_ADD, `${where}.capabilities.add`, added,
      'the container would gain Linux capabilities; serve on a port >= 1024 instead of adding NET_BIND_SERVICE');
  }
  if (!(sc.capabilities?.drop ?? []).includes(DROPPED_CAPABILITY)) {
    exceptions.require(RuleId.CTR_DROP_ALL, `${where}.capabilities.drop`, sc.capabilities?.drop, 'every capability must be dropped (drop: [ALL])');
  }
  if (!sc.seccompProfile || !CONFINING_SECCOMP_TYPES.has(sc.seccompProfile.type)) {
    exceptions.require(RuleId.POD_SECCOMP, `${where}.seccompProfile`, sc.seccompProfile?.type, 'the container would run without a seccomp filter');
  }
}

function checkResources(container: k8s.Container, where: string, ctx: PodTemplateCheckContext): void {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  for (const name of RESOURCE_NAMES) {
    const request = requests[name] && String(requests[name].value);
    const limit = limits[name] && String(limits[name].value);
    for (const [side, value] of [['requests', request], ['limits', limit]] as const) {
      const problem = value === undefined ? 'is missing' : quantityProblem(value);
      if (problem) {
        throw invalidProp(ctx.scope, `${where}.resources.${side}.${name}`, value, `the quantity ${problem}`,
          'give a valid quantity such as "250m" for cpu or "256Mi" for memory and ephemeral-storage');
      }
    }
    if (parseQuantity(limit!)! < parseQuantity(request!)!) {
      throw invalidProp(ctx.scope, `${where}.resources.limits.${name}`, limit, `the limit is below the request ${JSON.stringify(request)}`,
        'make the limit at least as large as the request');
    }
  }
}

/** Whether a literal env value is a secret by its name or its format (CTR-NO-SECRET-ENV, as the audit judges it). */
function isLiteralSecret(name: string, literal: unknown): boolean {
  if (literal === undefined || literal === null) {
    return false;
  }
  return (isSecretLookingName(name) && couldBeSecret(String(literal))) || isSecretValue(String(literal));
}

function requireNoLiteralSecret(exceptions: SecurityExceptions, prop: string): void {
  exceptions.require(RuleId.CTR_NO_SECRET_ENV, prop, '<literal value hidden>',
    'a secret in a literal environment value ends up in the manifest, the API server and every log of the pod spec; '
    + 'store it in a Secret and mount it as a file with secretFiles or mountSecret(secret, path)');
}

/**
 * The literal-secret and Polaris sensitive-name checks on a rendered pod spec (JSON patches included), as error
 * messages: a JSON patch that adds or renames an env var needs the same CTR-NO-SECRET-ENV exception as a prop.
 */
export function renderedEnvErrors(spec: any, exceptions: SecurityExceptions): string[] {
  const errors: string[] = [];
  const attempt = (check: () => void) => {
    try {
      check();
    } catch (error) {
      errors.push((error as Error).message);
    }
  };
  const init = new Set<unknown>(spec?.initContainers ?? []);
  for (const container of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])] as any[]) {
    const where = `${init.has(container) ? ContainerRole.INIT : ContainerRole.REGULAR}[${container?.name}]`;
    for (const variable of (container?.env ?? []) as any[]) {
      if (isLiteralSecret(String(variable?.name), variable?.value)) {
        attempt(() => requireNoLiteralSecret(exceptions, `${where}.env.${variable.name}`));
      }
    }
  }
  attempt(() => checkPolarisSensitiveEnv(spec ?? {}, exceptions));
  return [...new Set(errors)];
}

function checkEnv(container: k8s.Container, where: string, ctx: PodTemplateCheckContext): void {
  const { exceptions } = ctx;
  for (const variable of container.env ?? []) {
    if (isLiteralSecret(variable.name, variable.value)) {
      requireNoLiteralSecret(exceptions, `${where}.env.${variable.name}`);
    }
    if (variable.valueFrom?.secretKeyRef) {
      exceptions.require(RuleId.CTR_SECRETS_AS_FILES, `${where}.env.${variable.name}`, `secretKeyRef ${variable.valueFrom.secretKeyRef.name}`,
        'secrets in environment variables leak through child processes, crash dumps and /proc; '
        + 'mount the Secret as read-only files with secretFiles or mountSecret(secret, path)');
    }
  }
  for (const source of container.envFrom ?? []) {
    if (source.secretRef) {
      exceptions.require(RuleId.CTR_SECRETS_AS_FILES, `${where}.envFrom`, `secretRef ${source.secretRef.name}`,
        'secrets in environment variables leak through child processes, crash dumps and /proc; '
        + 'mount the Secret as read-only files with secretFiles or mountSecret(secret, path)');
    }
  }
}

/**
 * Polaris `sensitiveContainerEnvVar` (a danger check) reports every literal value under a name containing password,
 * token, bearer or secret, including names the library reads as references (TOKEN_URL): so that every scanner agrees
 * with the library's output, such a variable needs a CTR-NO-SECRET-ENV exception (whose reason the construct then
 * writes as Polaris' exemption), unless it is a `*_FILE` path into a Secret mounted into the container (a documented
 * library decision, exempted). Judged on the whole pod spec, which knows the mounts.
 */
function checkPolarisSensitiveEnv(spec: k8s.PodSpec, exceptions: SecurityExceptions): void {
  const init = new Set<unknown>(spec.initContainers ?? []);
  for (const variable of polarisFlaggedEnvVars(spec)) {
    if (variable.secretFile) {
      continue;
    }
    const where = `${init.has(variable.container) ? ContainerRole.INIT : ContainerRole.REGULAR}[${variable.container.name}]`;
    exceptions.require(RuleId.CTR_NO_SECRET_ENV, `${where}.env.${variable.name}`, '<literal value hidden>',
      'Polaris sensitiveContainerEnvVar (danger) reports every literal value under a name containing password, token, bearer or secret, '
      + 'so scanners would report this variable as a secret in the environment; rename it to say what it holds (e.g. AUTH_SERVER_URL '
      + 'instead of TOKEN_URL), or keep a secret in a Secret mounted as a file (secretFiles or mountSecret(secret, path), with a *_FILE '
      + 'variable naming the file), or add SecurityException.of(RuleId.CTR_NO_SECRET_ENV, \'<why the value is not a secret>\')');
  }
}

function checkProbes(container: k8s.Container, role: ContainerRole, where: string, ctx: PodTemplateCheckContext): void {
  if (role === ContainerRole.REGULAR && ctx.requireProbes !== false && (!container.readinessProbe || !container.livenessProbe)) {
    const missing = [container.readinessProbe ? undefined : 'readiness', container.livenessProbe ? undefined : 'liveness'].filter((x) => x);
    ctx.exceptions.require(RuleId.CTR_PROBES, `${where}.${missing[0]}`, undefined,
      `the container has no ${missing.join(' and ')} probe, so Kubernetes cannot tell whether it works; give the deployment a port `
      + '(probes are then added) or set readiness and liveness, e.g. WorkloadProbe.httpGet(\'/readyz\')');
  }
  if (role === ContainerRole.REGULAR && ctx.requireProbes !== false && probesAreIdentical(container.readinessProbe, container.livenessProbe)) {
    ctx.exceptions.require(RuleId.CTR_PROBES, `${where}.liveness`, container.livenessProbe,
      'the liveness probe is the same check as the readiness probe, so a slow dependency would restart every pod instead of taking it '
      + 'out of the Service (kube-score pod-probes grades this critical); probe liveness on its own endpoint, e.g. '
      + 'readiness: WorkloadProbe.httpGet(\'/readyz\') and liveness: WorkloadProbe.httpGet(\'/livez\')');
  }
  const declared = new Set<number | string>();
  for (const port of container.ports ?? []) {
    declared.add(port.containerPort);
    if (port.name) {
      declared.add(port.name);
    }
  }
  const probes: Array<[string, k8s.Probe | undefined]> = [
    ['readiness', container.readinessProbe], ['liveness', container.livenessProbe], ['startup', container.startupProbe],
  ];
  for (const [kind, probe] of probes) {
    const port = probe?.httpGet?.port.value ?? probe?.tcpSocket?.port.value ?? probe?.grpc?.port;
    if (port !== undefined && !declared.has(port)) {
      throw invalidProp(ctx.scope, `${where}.${kind}`, port,
        'the probe targets a port the container does not declare, so scanners and readers cannot tell what is probed',
        `probe one of the container's ports (${[...declared].join(', ') || 'none declared'}) or declare the port`);
    }
  }
}

/** Ports must be unique per pod (containers share one network namespace). */
function checkPodPorts(containers: k8s.Container[], ctx: PodTemplateCheckContext): void {
  const seenNames = new Set<string>();
  const seenPorts = new Set<string>();
  const seenContainers = new Set<string>();
  for (const container of containers) {
    if (seenContainers.has(container.name)) {
      throw invalidProp(ctx.scope, 'containers', container.name, 'two containers of the pod have the same name', 'give every container a unique name');
    }
    seenContainers.add(container.name);
    for (const port of container.ports ?? []) {
      const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
      if (seenPorts.has(key)) {
        throw invalidProp(ctx.scope, `containers[${container.name}].ports`, port.containerPort,
          'the port is declared twice in the pod, whose containers share one network namespace', 'give each container its own port');
      }
      seenPorts.add(key);
      if (port.name) {
        if (seenNames.has(port.name)) {
          throw invalidProp(ctx.scope, `containers[${container.name}].ports`, port.name, 'the port name is used twice in the pod', 'give each port a unique name');
        }
        seenNames.add(port.name);
      }
    }
  }
}

function checkAppArmor(annotations: Record<string, string>, ctx: PodTemplateCheckContext): void {
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !isConfiningAppArmorProfile(value)) {
      ctx.exceptions.require(RuleId.POD_APPARMOR, `podMetadata.annotations.${key}`, value,
        'the container would run without an AppArmor profile (use runtime/default or localhost/<profile>)');
    }
  }
}
