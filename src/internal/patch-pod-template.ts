import { ApiObject, JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { completePair, ResourceName, ResourceQuantities, RESOURCE_NAMES } from '../profile/workload-resource-defaults';
import {
  appArmorAnnotationKey, APPARMOR_PROFILE, DROPPED_CAPABILITY, hardenedContainerSecurityContext, hardenedPodSecurityContext, RunAsIdentity,
} from '../profile/workload-security-context';

/** The probes to give one container where it has none of its own. */
export interface ContainerProbes {
  /** `readinessProbe`. */
  readonly readiness?: k8s.Probe;
  /** `livenessProbe`. */
  readonly liveness?: k8s.Probe;
  /** `startupProbe`. */
  readonly startup?: k8s.Probe;
}

/** What {@link patchPodTemplate} fills in. */
export interface PodTemplatePatch {
  /** UID/GID for the security contexts. */
  readonly identity: RunAsIdentity;
  /** Requests and limits for containers that set none (each pair is filled separately). */
  readonly defaultResources: ResourceQuantities;
  /** Requests and limits of containers whose resources are given as quantities, by container name. */
  readonly resourcesByContainer: ReadonlyMap<string, ResourceQuantities>;
  /** Probes by container name, used where the container has none. */
  readonly probesByContainer: ReadonlyMap<string, ContainerProbes>;
  /** Topology spread constraints added to the pod. */
  readonly topologySpreadConstraints: k8s.TopologySpreadConstraint[];
  /** `priorityClassName` of the pod, where the template sets none. */
  readonly priorityClassName?: string;
  /** Whether every container gets the AppArmor annotation (false where the nodes have no AppArmor). */
  readonly appArmorAnnotations: boolean;
}

/**
 * Completes a pod template rendered by cdk8s-plus with the hardened fields cdk8s-plus-28 cannot
 * express or that a container added later may lack: pod-level seccomp, per-container AppArmor
 * annotations, the missing parts of each container's security context, resources (including
 * ephemeral-storage, in exact quantities), gRPC-capable probes and topology spread constraints.
 *
 * It only fills what is missing and never overrides a value the user set: weakened values are left for
 * the checks to reject (or to accept with an exception).
 */
export function patchPodTemplate(template: k8s.PodTemplateSpec, patch: PodTemplatePatch): k8s.PodTemplateSpec {
  const spec = template.spec!;
  const containers = spec.containers.map((container) => patchContainer(container, patch, true));
  const initContainers = spec.initContainers?.map((container) => patchContainer(container, patch, false));
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  for (const container of patch.appArmorAnnotations ? [...(initContainers ?? []), ...containers] : []) {
    const key = appArmorAnnotationKey(container.name);
    annotations[key] = annotations[key] ?? APPARMOR_PROFILE;
  }
  const podSecurityContext = spec.securityContext ?? {};
  return {
    ...template,
    metadata: { ...template.metadata, annotations },
    spec: {
      ...spec,
      securityContext: {
        ...podSecurityContext,
        seccompProfile: podSecurityContext.seccompProfile ?? hardenedPodSecurityContext(patch.identity).seccompProfile,
      },
      topologySpreadConstraints: undefinedIfEmpty([...(spec.topologySpreadConstraints ?? []), ...patch.topologySpreadConstraints]),
      priorityClassName: spec.priorityClassName ?? patch.priorityClassName,
      containers,
      initContainers,
    },
  };
}

/** The AppArmor profile type of the pod-level `appArmorProfile` field. */
export const APPARMOR_PROFILE_TYPE = 'RuntimeDefault';

/** Where {@link addAppArmorProfileField} writes the field in an object's output (keys from its root), and the value. */
export function appArmorProfileField(templatePath: string): { readonly path: readonly string[]; readonly value: { readonly type: string } } {
  return { path: [...templatePath.split('.'), 'spec', 'securityContext', 'appArmorProfile'], value: { type: APPARMOR_PROFILE_TYPE } };
}

/**
 * Sets the pod's `securityContext.appArmorProfile: { type: RuntimeDefault }` (Kubernetes 1.30+) in the pod template
 * at `templatePath` (e.g. `spec.template`) of `apiObject`'s output. cdk8s-plus-28 has no such field, and its typed
 * objects map their rendered JSON (JSON patches included) through the 1.28 schema, which drops unknown fields; so the
 * JSON patch is applied to the object's output after that mapping. The pod security context always exists there:
 * {@link patchPodTemplate} sets its seccomp profile.
 */
export function addAppArmorProfileField(apiObject: ApiObject, templatePath: string): void {
  const field = appArmorProfileField(templatePath);
  const patch = JsonPatch.add(`/${field.path.join('/')}`, field.value);
  const render = apiObject.toJson.bind(apiObject);
  apiObject.toJson = () => JsonPatch.apply(render(), patch);
}

/** Completes one rendered container. */
export function patchContainer(container: k8s.Container, patch: PodTemplatePatch, regular: boolean): k8s.Container {
  const hardened = hardenedContainerSecurityContext(patch.identity);
  const given: k8s.SecurityContext = container.securityContext ?? {};
  const capabilities = given.capabilities;
  // A drop list the user wrote is kept as written: without ALL it is left for the checks to reject (or to accept with an exception).
  const drop = capabilities?.drop ?? [DROPPED_CAPABILITY];
  const securityContext: k8s.SecurityContext = {
    ...given,
    runAsNonRoot: given.runAsNonRoot ?? hardened.runAsNonRoot,
    runAsUser: given.runAsUser ?? hardened.runAsUser,
    runAsGroup: given.runAsGroup ?? hardened.runAsGroup,
    privileged: given.privileged ?? hardened.privileged,
    allowPrivilegeEscalation: given.allowPrivilegeEscalation ?? hardened.allowPrivilegeEscalation,
    readOnlyRootFilesystem: given.readOnlyRootFilesystem ?? hardened.readOnlyRootFilesystem,
    capabilities: { ...capabilities, drop },
    seccompProfile: given.seccompProfile ?? hardened.seccompProfile,
  };
  const probes = regular ? patch.probesByContainer.get(container.name) : undefined;
  return {
    ...container,
    securityContext,
    resources: patchResources(container.resources, patch.resourcesByContainer.get(container.name) ?? patch.defaultResources,
      patch.resourcesByContainer.has(container.name)),
    readinessProbe: container.readinessProbe ?? probes?.readiness,
    livenessProbe: container.livenessProbe ?? probes?.liveness,
    startupProbe: container.startupProbe ?? probes?.startup,
  };
}

/**
 * The container's requests and limits with every missing one filled in. `authoritative` quantities
 * (given as strings for this container) replace what cdk8s-plus rendered; defaults only fill gaps, a
 * lone request or limit pulling its missing partner along when the default would contradict it.
 */
function patchResources(
  given: k8s.ResourceRequirements | undefined, quantities: ResourceQuantities, authoritative: boolean,
): k8s.ResourceRequirements {
  const requests: Record<string, k8s.Quantity> = { ...given?.requests };
  const limits: Record<string, k8s.Quantity> = { ...given?.limits };
  for (const name of RESOURCE_NAMES) {
    if (authoritative) {
      requests[name] = k8s.Quantity.fromString(quantities.requests[name]);
      limits[name] = k8s.Quantity.fromString(quantities.limits[name]);
      continue;
    }
    fillPair(requests, limits, name, quantities);
  }
  return { ...given, requests, limits };
}

function fillPair(
  requests: Record<string, k8s.Quantity>, limits: Record<string, k8s.Quantity>, name: ResourceName, defaults: ResourceQuantities,
): void {
  const request = requests[name];
  const limit = limits[name];
  if (request && limit) {
    return;
  }
  const pair = completePair(request && String(request.value), limit && String(limit.value), defaults.requests[name], defaults.limits[name]);
  requests[name] = request ?? k8s.Quantity.fromString(pair.request);
  limits[name] = limit ?? k8s.Quantity.fromString(pair.limit);
}

function undefinedIfEmpty<T>(list: T[]): T[] | undefined {
  return list.length === 0 ? undefined : list;
}
