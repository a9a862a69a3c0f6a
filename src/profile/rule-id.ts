/**
 * Stable identifiers of the hardening controls, one per control of the catalog in `docs/rules.md`.
 * Ids never change once published, so suppressions and typed exceptions that name them keep working.
 */
export enum RuleId {
  /** `hostNetwork` unset/false */
  POD_NO_HOSTNETWORK = 'POD-NO-HOSTNETWORK',
  /** `hostPID` unset/false */
  POD_NO_HOSTPID = 'POD-NO-HOSTPID',
  /** `hostIPC` unset/false */
  POD_NO_HOSTIPC = 'POD-NO-HOSTIPC',
  /** `privileged` unset/false */
  CTR_NOT_PRIVILEGED = 'CTR-NOT-PRIVILEGED',
  /** `capabilities.add` empty, or only `NET_BIND_SERVICE` (restricted); baseline allows a fixed list */
  CTR_CAPS_ADD = 'CTR-CAPS-ADD',
  /** `capabilities.drop` contains `ALL` */
  CTR_DROP_ALL = 'CTR-DROP-ALL',
  /** no `hostPath` volumes */
  POD_NO_HOSTPATH = 'POD-NO-HOSTPATH',
  /** every container mounts each `hostPath` volume `readOnly: true`; no node socket is mounted at all (read-only does not stop requests over a socket); no PersistentVolume of type hostPath */
  POD_HOSTPATH_READONLY = 'POD-HOSTPATH-READONLY',
  /** only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret */
  POD_VOLUME_TYPES = 'POD-VOLUME-TYPES',
  /** `hostPort` unset or 0 */
  CTR_NO_HOSTPORT = 'CTR-NO-HOSTPORT',
  /** AppArmor `runtime/default` or `localhost/*` (1.28: annotation `container.apparmor.security.beta.kubernetes.io/<container>`) */
  POD_APPARMOR = 'POD-APPARMOR',
  /** `seLinuxOptions.type` in "", container_t, container_init_t, container_kvm_t; no `user`/`role` */
  POD_SELINUX = 'POD-SELINUX',
  /** `procMount` unset or `Default` */
  CTR_PROCMOUNT = 'CTR-PROCMOUNT',
  /** `seccompProfile.type` RuntimeDefault or Localhost, at pod level (and container level for scanners that read only that) */
  POD_SECCOMP = 'POD-SECCOMP',
  /** only the safe sysctls (1.28: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.ip_local_reserved_ports) */
  POD_SYSCTLS = 'POD-SYSCTLS',
  /** `windowsOptions.hostProcess` unset/false */
  POD_NO_HOSTPROCESS = 'POD-NO-HOSTPROCESS',
  /** `allowPrivilegeEscalation: false` set explicitly on every container */
  CTR_NO_PRIV_ESC = 'CTR-NO-PRIV-ESC',
  /** `runAsNonRoot: true` (pod level and every container) */
  POD_RUN_AS_NONROOT = 'POD-RUN-AS-NONROOT',
  /** `runAsUser` ≠ 0 anywhere */
  POD_RUNASUSER_NONZERO = 'POD-RUNASUSER-NONZERO',
  /** `runAsGroup` set and ≠ 0, `fsGroup` ≠ 0, no 0 in supplementalGroups */
  POD_NONROOT_GROUPS = 'POD-NONROOT-GROUPS',
  /** pods that mount persistent volumes (volumeClaimTemplates, persistentVolumeClaim or ephemeral volumes) set `fsGroup` (else a non-root process cannot write them) and `fsGroupChangePolicy: OnRootMismatch` */
  POD_VOLUME_FSGROUP = 'POD-VOLUME-FSGROUP',
  /** `runAsUser` and `runAsGroup` > 10000, on the container itself */
  POD_HIGH_UID_GID = 'POD-HIGH-UID-GID',
  /** `readOnlyRootFilesystem: true` (writable paths come from emptyDir mounts, never over system directories such as /etc, /usr, /bin) */
  CTR_READONLY_ROOTFS = 'CTR-READONLY-ROOTFS',
  /** `automountServiceAccountToken: false` on pod and its ServiceAccount */
  POD_NO_SA_TOKEN = 'POD-NO-SA-TOKEN',
  /** dedicated ServiceAccount, not `default`, present in the output */
  POD_OWN_SA = 'POD-OWN-SA',
  /** cpu and memory requests and limits on every container */
  CTR_RESOURCES = 'CTR-RESOURCES',
  /** ephemeral-storage request and limit */
  CTR_EPHEMERAL_STORAGE = 'CTR-EPHEMERAL-STORAGE',
  /** `volumeMounts[].mountPath` absolute and unique per container (after normalising `//`, `.` and a trailing `/`); nothing mounted inside a read-only Secret/ConfigMap/projected mount */
  CTR_MOUNT_PATHS = 'CTR-MOUNT-PATHS',
  /** emptyDir `sizeLimit` a positive quantity; the disk-backed ones together within the pod's ephemeral-storage limit (else the kubelet evicts the pod) */
  POD_EMPTYDIR_SIZE = 'POD-EMPTYDIR-SIZE',
  /** container requests and limits within the `min`/`max` of the Container LimitRanges of their namespace in the output (else the API server rejects the pod) */
  CTR_LIMITRANGE_BOUNDS = 'CTR-LIMITRANGE-BOUNDS',
  /** readiness and liveness probes (not on init containers or Jobs); probe ports exist */
  CTR_PROBES = 'CTR-PROBES',
  /** explicit tag, never `latest` */
  IMG_TAG = 'IMG-TAG',
  /** image pinned by `@sha256:` digest */
  IMG_DIGEST = 'IMG-DIGEST',
  /** `imagePullPolicy: Always` (or digest-pinned) */
  IMG_PULL_ALWAYS = 'IMG-PULL-ALWAYS',
  /** image registry in an allowlist */
  IMG_REGISTRY = 'IMG-REGISTRY',
  /** no literal `env[].value` for secret-like names (password, secret, token, key, credential…) or private-key values */
  CTR_NO_SECRET_ENV = 'CTR-NO-SECRET-ENV',
  /** secrets mounted as read-only files rather than `secretKeyRef` env vars */
  CTR_SECRETS_AS_FILES = 'CTR-SECRETS-AS-FILES',
  /** ConfigMaps hold no secret-looking keys/values */
  CM_NO_SECRETS = 'CM-NO-SECRETS',
  /** Secrets carry no `stringData` or `data` in the manifest (plain text and base64 land in git); the values come from a secret store */
  SECRET_NO_PLAINTEXT = 'SECRET-NO-PLAINTEXT',
  /** never in `default` or `kube-system` */
  WL_NAMESPACE = 'WL-NAMESPACE',
  /** the namespace of a workload is declared (a Namespace object, e.g. from SecureNamespace) in the output */
  WL_NAMESPACE_DECLARED = 'WL-NAMESPACE-DECLARED',
  /** containerPort ≥ 1024 (then NET_BIND_SERVICE is never needed) */
  POD_PRIVILEGED_PORT = 'POD-PRIVILEGED-PORT',
  /** labels `pod-security.kubernetes.io/{enforce,audit,warn}` = restricted, each with `-version` pinned */
  NS_PSA = 'NS-PSA',
  /** a NetworkPolicy with empty podSelector and policyTypes Ingress and Egress */
  NS_DEFAULT_DENY = 'NS-DEFAULT-DENY',
  /** pods may reach cluster DNS (kube-system/kube-dns, 53 UDP+TCP) and nothing else by default */
  NS_DNS_EGRESS = 'NS-DNS-EGRESS',
  /** NetworkPolicy rules name narrow peers: no rule without peers, no namespaceSelector that names no namespace, no ipBlock shorter than /16 (IPv4) or /48 (IPv6), no egress block containing the cloud metadata address */
  NETPOL_NARROW_PEERS = 'NETPOL-NARROW-PEERS',
  /** ResourceQuota with requests.cpu, requests.memory, limits.cpu, limits.memory */
  NS_QUOTA = 'NS-QUOTA',
  /** LimitRange with default, defaultRequest, max, min for containers */
  NS_LIMITRANGE = 'NS-LIMITRANGE',
  /** the namespace's `default` ServiceAccount has automountServiceAccountToken false */
  NS_DEFAULT_SA = 'NS-DEFAULT-SA',
  /** `spec.tls` present and covers every rule host */
  ING_TLS = 'ING-TLS',
  /** `ingressClassName` set */
  ING_CLASS = 'ING-CLASS',
  /** HTTP redirected to HTTPS; HSTS header (controller annotations) */
  ING_REDIRECT_HSTS = 'ING-REDIRECT-HSTS',
  /** every backend names a Service in the output */
  ING_BACKEND = 'ING-BACKEND',
  /** no ingress-nginx snippet annotations (any key ending in `-snippet` or `-snippets`) and no `ssl-passthrough` */
  ING_NO_SNIPPETS = 'ING-NO-SNIPPETS',
  /** no NodePort/LoadBalancer unless explicitly declared public */
  SVC_TYPE = 'SVC-TYPE',
  /** no `externalIPs` */
  SVC_NO_EXTERNALIPS = 'SVC-NO-EXTERNALIPS',
  /** Deployments with ≥ 2 replicas selected by a PodDisruptionBudget that allows disruptions */
  AVAIL_PDB = 'AVAIL-PDB',
  /** ≥ 2 replicas (or an HPA with minReplicas ≥ 2) */
  AVAIL_REPLICAS = 'AVAIL-REPLICAS',
  /** topologySpreadConstraints or podAntiAffinity on hostname */
  AVAIL_SPREAD = 'AVAIL-SPREAD',
  /** RollingUpdate with maxUnavailable that keeps capacity (Deployments: 0; StatefulSets: one pod at a time; DaemonSets: at most 1 node or 25%) */
  WL_ROLLING = 'WL-ROLLING',
  /** StatefulSet volumeClaimTemplates request a positive `storage` size and name their access modes */
  STS_VOLUME_CLAIMS = 'STS-VOLUME-CLAIMS',
  /** StatefulSet `persistentVolumeClaimRetentionPolicy` keeps the data (`Delete` on delete or scale-down is reported) */
  STS_PVC_RETENTION = 'STS-PVC-RETENTION',
  /** StatefulSet `serviceName` names a headless Service of the same namespace, in the output, that selects its pods */
  STS_SERVICE_NAME = 'STS-SERVICE-NAME',
  /** Jobs and CronJob job templates bound their retries (`backoffLimit` at most 10) and their run time (`activeDeadlineSeconds`) */
  JOB_LIMITS = 'JOB-LIMITS',
  /** finished Jobs are cleaned up: `ttlSecondsAfterFinished` on Jobs that no CronJob owns, CronJob history limits at most 10 */
  JOB_CLEANUP = 'JOB-CLEANUP',
  /** CronJob `concurrencyPolicy` is `Forbid` or `Replace` (runs never pile up) */
  CRONJOB_CONCURRENCY = 'CRONJOB-CONCURRENCY',
  /** CronJob `startingDeadlineSeconds` set, at least 10 */
  CRONJOB_DEADLINE = 'CRONJOB-DEADLINE',
  /** CronJob `schedule` readable by the controller (five fields or a macro, no TZ= prefix) and an explicit, valid `timeZone` */
  CRONJOB_SCHEDULE = 'CRONJOB-SCHEDULE',
  /** `priorityClassName` set, naming a PriorityClass that exists (an app-defined one emitted with the app, or a platform one named in policy); a missing PriorityClass makes pods unschedulable */
  POD_PRIORITY_CLASS = 'POD-PRIORITY-CLASS',
  /** no toleration of every taint (`operator: Exists` without a key), which also schedules the pods onto control-plane and draining nodes */
  POD_TOLERATIONS = 'POD-TOLERATIONS',
  /** Kubernetes recommended labels: `app.kubernetes.io/name`, `instance` (equal to the controller's own `metadata.name`), `part-of`, `version`, `managed-by` */
  META_LABELS = 'META-LABELS',
  /** exception annotations only as written by the library's constructs from typed exceptions (an annotation never approves an exception) */
  META_EXCEPTION_ANNOTATION = 'META-EXCEPTION-ANNOTATION',
  /** scanner exemption annotations (Polaris, kube-score, kube-linter, checkov) only as the library writes them, for a typed exception or a documented library decision */
  META_SCANNER_EXEMPTION = 'META-SCANNER-EXEMPTION',
  /** no two objects with the same API group, kind, namespace and name (`kubectl apply` makes one overwrite the other) */
  META_UNIQUE_OBJECT = 'META-UNIQUE-OBJECT',
  /** `metadata.name` valid for the kind: DNS-1123 subdomain, DNS-1123 label (Namespace), RFC 1035 label (Service), at most 52 characters (CronJob) */
  META_NAME = 'META-NAME',
  /** no binding to the built-in cluster-admin, admin or edit ClusterRoles; no wildcard verbs/resources */
  RBAC_NO_ADMIN = 'RBAC-NO-ADMIN',
  /** no get/list/watch on secrets unless named with resourceNames */
  RBAC_SECRETS = 'RBAC-SECRETS',
  /** no pods/exec, pods/attach, pods/ephemeralcontainers, pods/portforward, pods/proxy, services/proxy */
  RBAC_EXEC = 'RBAC-EXEC',
  /** no (Cluster)RoleBinding to a group of identities the team does not own (`system:authenticated`, `system:unauthenticated`, `system:serviceaccounts`, `system:masters`, any other `system:` group, the user `system:anonymous`) */
  RBAC_BROAD_SUBJECT = 'RBAC-BROAD-SUBJECT',
  /** no `escalate`, `bind` or `impersonate` verbs */
  RBAC_ESCALATE = 'RBAC-ESCALATE',
  /** no `create` on `serviceaccounts/token` */
  RBAC_SA_TOKEN = 'RBAC-SA-TOKEN',
  /** no `create` on `pods` */
  RBAC_CREATE_PODS = 'RBAC-CREATE-PODS',
  /** no access to `nodes/proxy` */
  RBAC_NODES_PROXY = 'RBAC-NODES-PROXY',
}
