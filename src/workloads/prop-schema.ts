import { Cron } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { METADATA_PROP_TYPES, PropSchema } from '../internal/prop-types';
import { ClusterDns } from '../namespace/cluster-dns';
import { WorkloadProbe } from '../profile/workload-probe';

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
  containerSecurityContext: 'object',
  securityContext: 'object',
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
  containers: { arrayOf: { image: 'string', name: 'string' } },
  initContainers: { arrayOf: { image: 'string', name: 'string' } },
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
  restartPolicy: 'string',
  backoffLimit: 'number',
  activeDeadline: 'Duration',
  ttlAfterFinished: 'Duration',
};

/** The JavaScript types of SecureCronJob's props. */
export const SECURE_CRON_JOB_PROP_TYPES: PropSchema = {
  ...SECURE_JOB_PROP_TYPES,
  schedule: { instanceOf: Cron, name: 'Cron (e.g. Cron.daily() or Cron.schedule({ minute: \'0\', hour: \'2\' }))' },
  timeZone: 'string',
  concurrencyPolicy: 'string',
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
