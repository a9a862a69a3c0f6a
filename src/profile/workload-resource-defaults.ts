/**
 * Defaults and checks of container resources (controls CTR-RESOURCES and CTR-EPHEMERAL-STORAGE).
 *
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */

import { parseQuantity, quantityProblem } from './quantity';
import { WorkloadResources } from './workload-resources';

/** The resource names set on every container, in output order. */
export const RESOURCE_NAMES = ['cpu', 'memory', 'ephemeral-storage'] as const;

/** One of {@link RESOURCE_NAMES}. */
export type ResourceName = typeof RESOURCE_NAMES[number];

/** Requests and limits keyed by Kubernetes resource name. */
export interface ResourceQuantities {
  /** Requests by resource name. */
  readonly requests: Readonly<Record<ResourceName, string>>;
  /** Limits by resource name. */
  readonly limits: Readonly<Record<ResourceName, string>>;
}

/** The default of every {@link WorkloadResources} field. */
export const DEFAULT_WORKLOAD_RESOURCES: Required<WorkloadResources> = {
  cpuRequest: '100m',
  cpuLimit: '500m',
  memoryRequest: '128Mi',
  memoryLimit: '256Mi',
  ephemeralStorageRequest: '64Mi',
  ephemeralStorageLimit: '512Mi',
};

/** A problem found in resource settings: the field, the value and what is wrong. */
export interface ResourceProblem {
  /** The {@link WorkloadResources} field (e.g. `memoryLimit`). */
  readonly field: string;
  /** The value received. */
  readonly value: string;
  /** What is wrong with it. */
  readonly problem: string;
}

const FIELDS: ReadonlyArray<{ resource: ResourceName; request: keyof WorkloadResources; limit: keyof WorkloadResources }> = [
  { resource: 'cpu', request: 'cpuRequest', limit: 'cpuLimit' },
  { resource: 'memory', request: 'memoryRequest', limit: 'memoryLimit' },
  { resource: 'ephemeral-storage', request: 'ephemeralStorageRequest', limit: 'ephemeralStorageLimit' },
];

/**
 * `resources` with defaults applied (the library's, or an organisation's from
 * {@link workloadResourceDefaults}), as requests and limits by resource name.
 *
 * When only one side of a pair is given and the default of the other side would contradict it, the
 * other side follows the given one (as Kubernetes itself sets a missing request to the limit).
 *
 * @returns the quantities, or the first problem: a malformed or negative quantity, or a limit below its request
 */
export function resolveWorkloadResources(
  resources: WorkloadResources = {}, defaults: Required<WorkloadResources> = DEFAULT_WORKLOAD_RESOURCES,
): ResourceQuantities | ResourceProblem {
  const requests: Partial<Record<ResourceName, string>> = {};
  const limits: Partial<Record<ResourceName, string>> = {};
  for (const { resource, request, limit } of FIELDS) {
    for (const field of [request, limit]) {
      const value = resources[field];
      const problem = value === undefined ? undefined : quantityProblem(value);
      if (value !== undefined && problem) {
        return { field, value, problem };
      }
    }
    const pair = completePair(resources[request], resources[limit], defaults[request], defaults[limit]);
    if (parseQuantity(pair.limit)! < parseQuantity(pair.request)!) {
      return { field: limit, value: pair.limit, problem: `is below ${request} ${JSON.stringify(pair.request)}; a limit must be at least its request` };
    }
    requests[resource] = pair.request;
    limits[resource] = pair.limit;
  }
  return { requests: requests as Record<ResourceName, string>, limits: limits as Record<ResourceName, string> };
}

/**
 * Completes one request/limit pair from the defaults; a lone value wins over a contradicting default.
 */
export function completePair(
  request: string | undefined, limit: string | undefined, defaultRequest: string, defaultLimit: string,
): { request: string; limit: string } {
  if (request !== undefined && limit !== undefined) {
    return { request, limit };
  }
  if (request !== undefined) {
    return { request, limit: parseQuantity(defaultLimit)! >= (parseQuantity(request) ?? 0) ? defaultLimit : request };
  }
  if (limit !== undefined) {
    return { request: parseQuantity(defaultRequest)! <= (parseQuantity(limit) ?? 0) ? defaultRequest : limit, limit };
  }
  return { request: defaultRequest, limit: defaultLimit };
}

/** Whether `result` is a {@link ResourceProblem}. */
export function isResourceProblem<T extends object>(result: T | ResourceProblem): result is ResourceProblem {
  return 'problem' in result;
}

/** `quantities` as {@link WorkloadResources} fields, every field set. */
export function toWorkloadResources(quantities: ResourceQuantities): Required<WorkloadResources> {
  const fields: Record<string, string> = {};
  for (const { resource, request, limit } of FIELDS) {
    fields[request] = quantities.requests[resource];
    fields[limit] = quantities.limits[resource];
  }
  return fields as unknown as Required<WorkloadResources>;
}

/**
 * The defaults a workload's containers get when an organisation sets `given` (the policy's default
 * resources): each given field replaces the library's default, a lone request or limit pulling its
 * partner along as for a container's own resources.
 *
 * @returns every field resolved, or the first problem of `given`
 */
export function workloadResourceDefaults(given: WorkloadResources = {}): Required<WorkloadResources> | ResourceProblem {
  const resolved = resolveWorkloadResources(given);
  return isResourceProblem(resolved) ? resolved : toWorkloadResources(resolved);
}
