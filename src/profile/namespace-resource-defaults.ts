import { ContainerLimits, NamespaceQuota, ResourceAmounts } from './namespace-resources';
import { parseQuantity, quantityProblem } from './quantity';
import { completePair } from './workload-resource-defaults';
import { WorkloadResources } from './workload-resources';

/**
 * Default ResourceQuota and LimitRange of a namespace (controls NS-QUOTA and NS-LIMITRANGE), and
 * the checks that keep the two consistent. Sized for one small team's services; platform teams
 * override per field.
 *
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */

/** Every field of `ResourceAmounts`, resolved. */
export type ResolvedResourceAmounts = Required<ResourceAmounts>;

/** Every field of `ContainerLimits`, resolved. */
export interface ResolvedContainerLimits {
  readonly defaultRequest: ResolvedResourceAmounts;
  readonly defaultLimit: ResolvedResourceAmounts;
  readonly min: ResolvedResourceAmounts;
  readonly max: ResolvedResourceAmounts;
}

/** Every field of `NamespaceQuota`, resolved. */
export type ResolvedNamespaceQuota = Required<NamespaceQuota>;

/** The default per-container LimitRange. */
export const DEFAULT_CONTAINER_LIMITS: ResolvedContainerLimits = {
  defaultRequest: { cpu: '100m', memory: '128Mi', ephemeralStorage: '64Mi' },
  defaultLimit: { cpu: '500m', memory: '512Mi', ephemeralStorage: '1Gi' },
  min: { cpu: '10m', memory: '16Mi', ephemeralStorage: '1Mi' },
  max: { cpu: '2', memory: '4Gi', ephemeralStorage: '4Gi' },
};

/** The default ResourceQuota; no NodePort or LoadBalancer Services unless raised explicitly. */
export const DEFAULT_NAMESPACE_QUOTA: ResolvedNamespaceQuota = {
  requestsCpu: '4',
  requestsMemory: '8Gi',
  requestsEphemeralStorage: '10Gi',
  limitsCpu: '8',
  limitsMemory: '16Gi',
  limitsEphemeralStorage: '20Gi',
  pods: 50,
  persistentVolumeClaims: 10,
  requestsStorage: '50Gi',
  nodePorts: 0,
  loadBalancers: 0,
};

/** The Kubernetes resource name of each `ResourceAmounts` field. */
const RESOURCE_NAMES: Record<keyof ResourceAmounts, string> = {
  cpu: 'cpu',
  memory: 'memory',
  ephemeralStorage: 'ephemeral-storage',
};

/** The `spec.hard` key of each `NamespaceQuota` field. */
const QUOTA_KEYS: Record<keyof NamespaceQuota, string> = {
  requestsCpu: 'requests.cpu',
  requestsMemory: 'requests.memory',
  requestsEphemeralStorage: 'requests.ephemeral-storage',
  limitsCpu: 'limits.cpu',
  limitsMemory: 'limits.memory',
  limitsEphemeralStorage: 'limits.ephemeral-storage',
  pods: 'pods',
  persistentVolumeClaims: 'persistentvolumeclaims',
  requestsStorage: 'requests.storage',
  nodePorts: 'services.nodeports',
  loadBalancers: 'services.loadbalancers',
};

const RESOURCES = Object.keys(RESOURCE_NAMES) as Array<keyof ResourceAmounts>;
const LIMIT_KINDS = ['min', 'defaultRequest', 'defaultLimit', 'max'] as const;
const QUOTA_FIELDS = Object.keys(QUOTA_KEYS) as Array<keyof NamespaceQuota>;
const COUNT_FIELDS: ReadonlyArray<keyof NamespaceQuota> = ['pods', 'persistentVolumeClaims', 'nodePorts', 'loadBalancers'];

/** The quota field that caps the sum of each resource's requests and limits. */
const QUOTA_FOR: Record<keyof ResourceAmounts, { requests: keyof NamespaceQuota; limits: keyof NamespaceQuota }> = {
  cpu: { requests: 'requestsCpu', limits: 'limitsCpu' },
  memory: { requests: 'requestsMemory', limits: 'limitsMemory' },
  ephemeralStorage: { requests: 'requestsEphemeralStorage', limits: 'limitsEphemeralStorage' },
};

/** One inconsistent or malformed resource setting; the construct turns it into its standard error. */
export interface ResourceProblem {
  /** The prop path, e.g. `quota.requestsCpu`. */
  readonly prop: string;
  readonly value: unknown;
  readonly problem: string;
  readonly fix: string;
  /**
   * The other props whose values the problem compares `prop` with, e.g. `containerLimits.defaultLimit.memory`.
   *
   * @default - none
   */
  readonly involves?: readonly string[];
}

/** The given quota with every unset field taken from `DEFAULT_NAMESPACE_QUOTA`. */
export function resolveNamespaceQuota(quota: NamespaceQuota = {}): ResolvedNamespaceQuota {
  const resolved: Record<string, string | number> = {};
  for (const field of QUOTA_FIELDS) {
    resolved[field] = quota[field] ?? DEFAULT_NAMESPACE_QUOTA[field];
  }
  return resolved as unknown as ResolvedNamespaceQuota;
}

/** The given limits with every unset amount taken from `DEFAULT_CONTAINER_LIMITS`. */
export function resolveContainerLimits(limits: ContainerLimits = {}): ResolvedContainerLimits {
  const resolve = (kind: (typeof LIMIT_KINDS)[number]): ResolvedResourceAmounts => ({
    cpu: limits[kind]?.cpu ?? DEFAULT_CONTAINER_LIMITS[kind].cpu,
    memory: limits[kind]?.memory ?? DEFAULT_CONTAINER_LIMITS[kind].memory,
    ephemeralStorage: limits[kind]?.ephemeralStorage ?? DEFAULT_CONTAINER_LIMITS[kind].ephemeralStorage,
  });
  return { defaultRequest: resolve('defaultRequest'), defaultLimit: resolve('defaultLimit'), min: resolve('min'), max: resolve('max') };
}

/** The namespace's `containerLimits` with an organisation's default resources filled in. */
export interface LimitsWithPolicyDefaults {
  /** `containerLimits` with the organisation's defaults where it sets none. */
  readonly limits: ContainerLimits;
  /** The prop paths (e.g. `containerLimits.defaultLimit.memory`) whose value came from the organisation. */
  readonly fromPolicy: ReadonlySet<string>;
}

/** The `WorkloadResources` request and limit field of each `ResourceAmounts` field. */
const WORKLOAD_FIELDS: Record<keyof ResourceAmounts, { request: keyof WorkloadResources; limit: keyof WorkloadResources }> = {
  cpu: { request: 'cpuRequest', limit: 'cpuLimit' },
  memory: { request: 'memoryRequest', limit: 'memoryLimit' },
  ephemeralStorage: { request: 'ephemeralStorageRequest', limit: 'ephemeralStorageLimit' },
};

/**
 * `limits` with the organisation's default resources as LimitRange defaults (`defaultRequest`,
 * `defaultLimit`) where `limits` sets none, so containers that rely on the LimitRange get what a
 * `SecureDeployment` container gets. A side of a pair the organisation leaves out keeps the namespace's
 * default, unless that would contradict the side it sets (then it follows it, as Kubernetes sets a
 * missing request to the limit).
 */
export function withPolicyResourceDefaults(limits: ContainerLimits = {}, given?: WorkloadResources): LimitsWithPolicyDefaults {
  const fromPolicy = new Set<string>();
  if (!given) {
    return { limits, fromPolicy };
  }
  const defaultRequest: Record<string, string | undefined> = { ...limits.defaultRequest };
  const defaultLimit: Record<string, string | undefined> = { ...limits.defaultLimit };
  for (const resource of RESOURCES) {
    const fields = WORKLOAD_FIELDS[resource];
    const request = given[fields.request];
    const limit = given[fields.limit];
    if (request === undefined && limit === undefined) {
      continue;
    }
    const namespaceRequest = defaultRequest[resource] ?? DEFAULT_CONTAINER_LIMITS.defaultRequest[resource];
    const namespaceLimit = defaultLimit[resource] ?? DEFAULT_CONTAINER_LIMITS.defaultLimit[resource];
    const pair = completePair(request, limit, namespaceRequest, namespaceLimit);
    if (defaultRequest[resource] === undefined && pair.request !== namespaceRequest) {
      defaultRequest[resource] = pair.request;
      fromPolicy.add(`containerLimits.defaultRequest.${resource}`);
    }
    if (defaultLimit[resource] === undefined && pair.limit !== namespaceLimit) {
      defaultLimit[resource] = pair.limit;
      fromPolicy.add(`containerLimits.defaultLimit.${resource}`);
    }
  }
  return {
    limits: { ...limits, defaultRequest: defaultRequest as ResourceAmounts, defaultLimit: defaultLimit as ResourceAmounts },
    fromPolicy,
  };
}

/**
 * Every problem of a resolved quota and LimitRange, in a fixed order: malformed or negative values
 * first, then a LimitRange out of order (`min <= defaultRequest <= defaultLimit <= max`), then a
 * quota below the LimitRange defaults (no container relying on the defaults could start).
 */
export function namespaceResourceProblems(quota: ResolvedNamespaceQuota, limits: ResolvedContainerLimits): ResourceProblem[] {
  const problems: ResourceProblem[] = [];
  for (const field of QUOTA_FIELDS) {
    const value = quota[field];
    if (COUNT_FIELDS.includes(field)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        problems.push({ prop: `quota.${field}`, value, problem: 'must be a whole number of objects, 0 or more', fix: `pass a count such as ${DEFAULT_NAMESPACE_QUOTA[field]}` });
      }
    } else {
      const problem = quantityProblem(String(value));
      if (problem) {
        problems.push({ prop: `quota.${field}`, value, problem, fix: `pass a quantity such as "${DEFAULT_NAMESPACE_QUOTA[field]}"` });
      }
    }
  }
  for (const kind of LIMIT_KINDS) {
    for (const resource of RESOURCES) {
      const value = limits[kind][resource];
      const problem = quantityProblem(value);
      if (problem) {
        problems.push({ prop: `containerLimits.${kind}.${resource}`, value, problem, fix: `pass a quantity such as "${DEFAULT_CONTAINER_LIMITS[kind][resource]}"` });
      }
    }
  }
  if (problems.length > 0) {
    return problems;
  }

  for (const resource of RESOURCES) {
    for (let i = 1; i < LIMIT_KINDS.length; i++) {
      const lower = LIMIT_KINDS[i - 1];
      const upper = LIMIT_KINDS[i];
      if (amount(limits[lower][resource]) > amount(limits[upper][resource])) {
        problems.push({
          prop: `containerLimits.${upper}.${resource}`,
          value: limits[upper][resource],
          problem: `is below containerLimits.${lower}.${resource} ("${limits[lower][resource]}"); a LimitRange needs min <= defaultRequest <= defaultLimit <= max`,
          fix: `raise containerLimits.${upper}.${resource} to at least "${limits[lower][resource]}" or lower containerLimits.${lower}.${resource}`,
          involves: [`containerLimits.${lower}.${resource}`],
        });
      }
    }
  }
  for (const resource of RESOURCES) {
    const pairs = [
      { field: QUOTA_FOR[resource].requests, kind: 'defaultRequest' as const },
      { field: QUOTA_FOR[resource].limits, kind: 'defaultLimit' as const },
    ];
    for (const { field, kind } of pairs) {
      const quotaValue = String(quota[field]);
      const perContainer = limits[kind][resource];
      if (amount(quotaValue) < amount(perContainer)) {
        problems.push({
          prop: `quota.${field}`,
          value: quotaValue,
          problem: `is below the LimitRange default containerLimits.${kind}.${resource} ("${perContainer}"), so not even one container relying on the defaults fits in the namespace`,
          fix: `raise quota.${field} to at least "${perContainer}" or lower containerLimits.${kind}.${resource}`,
          involves: [`containerLimits.${kind}.${resource}`],
        });
      }
    }
  }
  return problems;
}

/** The `spec.hard` of the namespace's ResourceQuota, keys sorted. */
export function resourceQuotaHard(quota: ResolvedNamespaceQuota): Record<string, string> {
  const hard: Record<string, string> = {};
  for (const field of [...QUOTA_FIELDS].sort((a, b) => QUOTA_KEYS[a].localeCompare(QUOTA_KEYS[b]))) {
    hard[QUOTA_KEYS[field]] = String(quota[field]);
  }
  return hard;
}

/** The `Container` item of the namespace's LimitRange, in the Kubernetes field names, keys sorted. */
export function limitRangeContainerItem(limits: ResolvedContainerLimits): {
  type: string;
  default: Record<string, string>;
  defaultRequest: Record<string, string>;
  max: Record<string, string>;
  min: Record<string, string>;
} {
  return {
    type: 'Container',
    default: toResourceList(limits.defaultLimit),
    defaultRequest: toResourceList(limits.defaultRequest),
    max: toResourceList(limits.max),
    min: toResourceList(limits.min),
  };
}

function toResourceList(amounts: ResolvedResourceAmounts): Record<string, string> {
  const list: Record<string, string> = {};
  for (const resource of [...RESOURCES].sort((a, b) => RESOURCE_NAMES[a].localeCompare(RESOURCE_NAMES[b]))) {
    list[RESOURCE_NAMES[resource]] = amounts[resource];
  }
  return list;
}

function amount(quantity: string): number {
  return parseQuantity(quantity) ?? Number.NaN;
}
