import { checkFactoryArguments } from '../internal/errors';
import {
  ISTIO_CONTROL_PLANE_NAMESPACE, ISTIO_CONTROL_PLANE_POD_LABELS, ISTIO_CONTROL_PLANE_PORTS, LINKERD_CONTROL_PLANE_NAMESPACE,
  LINKERD_CONTROL_PLANE_NS_LABEL, LINKERD_CONTROL_PLANE_PORTS,
} from '../profile/namespace-mesh';

/**
 * Options for `MeshMtls.istio()`.
 */
export interface IstioMtlsOptions {
  /**
   * The control-plane revision that injects the sidecars (namespace label `istio.io/rev`), for
   * revision-based installs and canary upgrades.
   *
   * @default - the namespace is labelled `istio-injection: enabled`
   * @see https://istio.io/latest/docs/setup/upgrade/canary/
   */
  readonly revision?: string;

  /**
   * Namespace of istiod, which the sidecars must reach through the namespace's default-deny.
   *
   * @default 'istio-system'
   */
  readonly controlPlaneNamespace?: string;
}

/**
 * Options for `MeshMtls.linkerd()`.
 */
export interface LinkerdMtlsOptions {
  /**
   * Namespace of the Linkerd control plane, which the proxies must reach through the namespace's
   * default-deny.
   *
   * @default 'linkerd'
   */
  readonly controlPlaneNamespace?: string;
}

/**
 * The service meshes a SecureNamespace can require strict mutual TLS from.
 */
export enum ServiceMesh {
  /** Istio, with sidecar injection. */
  ISTIO = 'istio',
  /** Linkerd. */
  LINKERD = 'linkerd',
}

/**
 * Strict mutual TLS between the workloads of a namespace, enforced by a service mesh that must be
 * installed in the cluster (with its CNI plugin, so that injected pods pass the `restricted`
 * Pod Security Standard). The namespace is enrolled in the mesh (proxy injection), plain-text
 * connections to its pods are refused, and its pods may reach the mesh control plane.
 */
export class MeshMtls {
  /**
   * Istio: a namespace-wide `PeerAuthentication` (`security.istio.io/v1beta1`) named `default` with
   * mode `STRICT`, sidecar injection for the namespace, and egress to istiod on port 15012.
   *
   * @see https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/
   */
  public static istio(options: IstioMtlsOptions = {}): MeshMtls {
    checkFactoryArguments('MeshMtls.istio(options)', options, { controlPlaneNamespace: options?.controlPlaneNamespace, revision: options?.revision },
      ['controlPlaneNamespace', 'revision']);
    const namespace = options.controlPlaneNamespace ?? ISTIO_CONTROL_PLANE_NAMESPACE;
    return new MeshMtls(ServiceMesh.ISTIO, namespace, { ...ISTIO_CONTROL_PLANE_POD_LABELS }, ISTIO_CONTROL_PLANE_PORTS, options.revision);
  }

  /**
   * Linkerd: the namespace annotations `linkerd.io/inject: enabled` and
   * `config.linkerd.io/default-inbound-policy: all-authenticated` (only meshed, mutually
   * authenticated clients may connect), and egress to the control plane's identity, destination
   * and policy ports (8080, 8086, 8090). Linkerd 2.12 and later authorize kubelet probes on their own.
   *
   * @see https://linkerd.io/2/reference/authorization-policy/#default-policies
   */
  public static linkerd(options: LinkerdMtlsOptions = {}): MeshMtls {
    checkFactoryArguments('MeshMtls.linkerd(options)', options, { controlPlaneNamespace: options?.controlPlaneNamespace }, ['controlPlaneNamespace']);
    const namespace = options.controlPlaneNamespace ?? LINKERD_CONTROL_PLANE_NAMESPACE;
    return new MeshMtls(ServiceMesh.LINKERD, namespace, { [LINKERD_CONTROL_PLANE_NS_LABEL]: namespace }, LINKERD_CONTROL_PLANE_PORTS);
  }

  /** The mesh that enforces the mutual TLS. */
  public readonly mesh: ServiceMesh;

  /** Namespace of the mesh control plane. */
  public readonly controlPlaneNamespace: string;

  /** The Istio control-plane revision, if one was chosen. */
  public readonly revision?: string;

  /** @internal */
  public readonly _controlPlanePodLabels: Readonly<Record<string, string>>;

  /** @internal */
  public readonly _controlPlanePorts: readonly number[];

  private constructor(mesh: ServiceMesh, controlPlaneNamespace: string, podLabels: Record<string, string>, ports: readonly number[],
    revision?: string) {
    this.mesh = mesh;
    this.controlPlaneNamespace = controlPlaneNamespace;
    this._controlPlanePodLabels = podLabels;
    this._controlPlanePorts = ports;
    this.revision = revision;
  }
}
