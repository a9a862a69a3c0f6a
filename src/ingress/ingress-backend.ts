import * as kplus from 'cdk8s-plus-28';
import { SecureDeployment } from '../workloads/secure-deployment';

/**
 * Options of a Service backend.
 */
export interface ServiceBackendOptions {
  /**
   * The Service port to route to.
   *
   * @default - the Service's only port; required when it has several
   */
  readonly port?: number;
}

/**
 * The Service a SecureIngress rule routes to. Unlike cdk8s-plus's `IngressBackend` it keeps the Service
 * itself, so the SecureIngress can check its namespace, type and port and open the network path to its
 * pods.
 */
export class SecureIngressBackend {
  /**
   * A cdk8s-plus Service of type ClusterIP, in the Ingress's namespace, with a selector.
   *
   * @param service the Service
   */
  public static fromService(service: kplus.Service, options: ServiceBackendOptions = {}): SecureIngressBackend {
    return new SecureIngressBackend(service, options.port, `Service '${service.node.path}'`, 'bind a port to the Service');
  }

  /**
   * A SecureDeployment: its ClusterIP Service and Service port. A SecureDeployment without a port has
   * no Service and cannot be a backend.
   *
   * @param deployment the SecureDeployment
   */
  public static fromDeployment(deployment: SecureDeployment): SecureIngressBackend {
    return new SecureIngressBackend(deployment.service, deployment.port, `SecureDeployment '${deployment.node.path}'`,
      'give the SecureDeployment a port (e.g. port: 8080), which also creates its ClusterIP Service');
  }

  /** The Service requests are routed to, when there is one. */
  public readonly service?: kplus.Service;

  /**
   * The Service port requests are routed to.
   *
   * @default - the Service's only port
   */
  public readonly port?: number;

  /**
   * What the backend was made from, for error messages.
   * @internal
   */
  public readonly _origin: string;

  /**
   * How to give the backend a port, for error messages.
   * @internal
   */
  public readonly _portFix: string;

  private constructor(service: kplus.Service | undefined, port: number | undefined, origin: string, portFix: string) {
    this.service = service;
    this.port = port;
    this._origin = origin;
    this._portFix = portFix;
  }
}
