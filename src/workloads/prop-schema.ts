import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { METADATA_PROP_TYPES, PropSchema } from '../internal/prop-types';
import { ClusterDns } from '../policy/cluster-dns';
import { WorkloadProbe } from '../profile/workload-probe';

/** The JavaScript types of a container's `securityContext` (cdk8s-plus `ContainerSecurityContextProps`). */
const CONTAINER_SECURITY_CONTEXT_PROP_TYPES: PropSchema = {
  ensureNonRoot: 'boolean',
  privileged: 'boolean',
  readOnlyRootFilesystem: 'boolean',
  allowPrivilegeEscalation: 'boolean',
  user: 'number',
  group: 'number',
  capabilities: { objectOf: { add: 'string[]', drop: 'string[]' } },
  seccompProfile: { objectOf: { type: 'string', localhostProfile: 'string' } },
};

/** The JavaScript types of the pod's `securityContext` (cdk8s-plus `PodSecurityContextProps`). */
const POD_SECURITY_CONTEXT_PROP_TYPES: PropSchema = {
  ensureNonRoot: 'boolean',
  user: 'number',
  group: 'number',
  fsGroup: 'number',
  fsGroupChangePolicy: { oneOf: Object.values(kplus.FsGroupChangePolicy), name: 'FsGroupChangePolicy' },
  sysctls: { arrayOf: { name: 'string', value: 'string' } },
};

/** The JavaScript types of a container given in `containers` or `initContainers`. */
const CONTAINER_PROP_TYPES: PropSchema = {
  image: 'string',
  name: 'string',
  securityContext: { objectOf: CONTAINER_SECURITY_CONTEXT_PROP_TYPES },
};

/** The JavaScript types of the props every secure workload takes (numbers with their own checks, and exceptions, are judged later). */
export const SECURE_WORKLOAD_PROP_TYPES: PropSchema = {
  image: 'string',
  requireDigest: 'boolean',
  containerName: 'string',
  command: 'string[]',
  args: 'string[]',
  workingDir: 'string',
  envVariables: { valuesOf: { instanceOf: kplus.EnvValue, name: 'EnvValue (e.g. EnvValue.fromValue("info"))' }, name: 'EnvValues' },
  envFrom: 'array',
  lifecycle: 'object',
  containerSecurityContext: { objectOf: CONTAINER_SECURITY_CONTEXT_PROP_TYPES },
  securityContext: { objectOf: POD_SECURITY_CONTEXT_PROP_TYPES },
  imagePullPolicy: 'string',
  resources: {
    objectOf: {
      cpuRequest: 'string',
      cpuLimit: 'string',
      memoryRequest: 'string',
      memoryLimit: 'string',
      ephemeralStorageRequest: 'string',
      ephemeralStorageLimit: 'string',
    },
  },
  readiness: { instanceOf: WorkloadProbe, name: 'WorkloadProbe (e.g. WorkloadProbe.httpGet("/readyz"))' },
  liveness: { instanceOf: WorkloadProbe, name: 'WorkloadProbe (e.g. WorkloadProbe.httpGet("/livez"))' },
  startup: { instanceOf: WorkloadProbe, name: 'WorkloadProbe (e.g. WorkloadProbe.httpGet("/startz"))' },
  writablePaths: { arrayOf: { path: 'string', sizeLimit: 'object', medium: 'string' } },
  secretFiles: { arrayOf: { secret: 'object', path: 'string', items: 'object' } },
  priorityClassName: 'string',
  clusterDns: { instanceOf: ClusterDns, name: 'ClusterDns (e.g. ClusterDns.kubeDns())' },
  appName: 'string',
  partOf: 'string',
  version: 'string',
  metadata: { objectOf: METADATA_PROP_TYPES },
  podMetadata: { objectOf: METADATA_PROP_TYPES },
  containers: { arrayOf: CONTAINER_PROP_TYPES },
  initContainers: { arrayOf: CONTAINER_PROP_TYPES },
  volumes: 'array',
  terminationGracePeriod: 'Duration',
  hostNetwork: 'boolean',
  automountServiceAccountToken: 'boolean',
};

/** The JavaScript types of SecureDeployment's props. */
export const SECURE_DEPLOYMENT_PROP_TYPES: PropSchema = {
  ...SECURE_WORKLOAD_PROP_TYPES,
  portName: 'string',
  autoscaling: { objectOf: {} },
};

/** The JavaScript types of SecureJob's props. */
export const SECURE_JOB_PROP_TYPES: PropSchema = {
  ...SECURE_WORKLOAD_PROP_TYPES,
  restartPolicy: { oneOf: Object.values(kplus.RestartPolicy), name: 'RestartPolicy' },
  backoffLimit: 'number',
  activeDeadline: 'Duration',
  ttlAfterFinished: 'Duration',
};

/** The JavaScript types of SecureCronJob's props. */
export const SECURE_CRON_JOB_PROP_TYPES: PropSchema = {
  ...SECURE_JOB_PROP_TYPES,
  schedule: { instanceOf: Cron, name: 'Cron (e.g. Cron.daily() or Cron.schedule({ minute: \'0\', hour: \'2\' }))' },
  timeZone: 'string',
  concurrencyPolicy: { oneOf: Object.values(kplus.ConcurrencyPolicy), name: 'ConcurrencyPolicy' },
  startingDeadline: 'Duration',
  suspend: 'boolean',
  successfulJobsRetained: 'number',
  failedJobsRetained: 'number',
};

/** The JavaScript types of SecureStatefulSet's props. */
export const SECURE_STATEFUL_SET_PROP_TYPES: PropSchema = {
  ...SECURE_WORKLOAD_PROP_TYPES,
  port: 'number',
  portName: 'string',
  storage: { arrayOf: { path: 'string', size: 'object', name: 'string', storageClassName: 'string', accessMode: 'string' } },
  claimsWhenDeleted: 'string',
  claimsWhenScaled: 'string',
  replicas: 'number',
  strategy: { instanceOf: kplus.StatefulSetUpdateStrategy, name: 'StatefulSetUpdateStrategy (e.g. StatefulSetUpdateStrategy.rollingUpdate())' },
  service: { instanceOf: kplus.Service, name: 'Service (and none may be given: the stateful set makes its own headless one)' },
  podManagementPolicy: { oneOf: Object.values(kplus.PodManagementPolicy), name: 'PodManagementPolicy' },
  minReady: 'Duration',
};

/** The JavaScript types of SecureDaemonSet's props. */
export const SECURE_DAEMON_SET_PROP_TYPES: PropSchema = {
  ...SECURE_WORKLOAD_PROP_TYPES,
  port: 'number',
  portName: 'string',
  hostAccess: 'array',
  maxUnavailable: 'number',
  minReadySeconds: 'number',
};
