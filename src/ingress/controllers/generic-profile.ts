import { Construct } from 'constructs';
import { IIngressControllerProfile, IngressControllerBindContext, IngressControllerBinding } from './ingress-controller';

/**
 * Options of a controller the library has no profile for.
 */
export interface GenericIngressControllerOptions {
  /** Namespace the controller's pods run in. */
  readonly namespace: string;

  /** Labels that select the controller's proxy pods in `namespace`. */
  readonly podLabels: { [key: string]: string };

  /**
   * Annotations every Ingress of this controller gets, e.g. the controller's HTTPS-redirect annotation.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/**
 * A controller the library knows nothing about: the SecureIngress still gets TLS, its class and the
 * network path from the controller's pods, plus the annotations given here.
 */
export class GenericIngressControllerProfile implements IIngressControllerProfile {
  /** `generic`. */
  public readonly controllerName = 'generic';
  /** The IngressClass the controller serves. */
  public readonly className?: string;
  /** Namespace of the controller pods. */
  public readonly namespace: string;
  /** Labels of the controller pods. */
  public readonly podLabels: { [key: string]: string };
  private readonly annotations: { [key: string]: string };

  /**
   * @param className the IngressClass the controller serves
   */
  constructor(className: string, options: GenericIngressControllerOptions) {
    this.className = className;
    this.namespace = options.namespace;
    this.podLabels = { ...options.podLabels };
    this.annotations = { ...(options.annotations ?? {}) };
  }

  /** Returns the configured annotations. */
  public bind(_scope: Construct, _context: IngressControllerBindContext): IngressControllerBinding {
    return { annotations: { ...this.annotations } };
  }
}
