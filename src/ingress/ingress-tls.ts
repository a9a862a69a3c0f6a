import { checkFactoryArguments } from '../internal/errors';
import { CERT_MANAGER } from '../profile/ingress-controller-defaults';

/**
 * Options of every TLS source.
 */
export interface IngressTlsOptions {
  /**
   * The host names the certificate covers, wildcards (`*.example.com`) included. Every rule host of the
   * SecureIngress must be covered by one of them, or the construct fails.
   *
   * @default - exactly the hosts of the SecureIngress rules
   */
  readonly hosts?: string[];
}

/**
 * Options of a certificate issued by cert-manager.
 */
export interface CertManagerTlsOptions extends IngressTlsOptions {
  /**
   * Name of the Secret cert-manager writes the certificate and key to.
   *
   * @default - `<ingress-name>-tls`, derived from the Ingress's `metadata.name`
   */
  readonly secretName?: string;
}

/**
 * Where the certificate of a SecureIngress comes from. TLS is mandatory: a SecureIngress has exactly
 * one TLS source, and it covers every host of the rules.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
 *
 * @example
 * IngressTls.certManagerClusterIssuer('letsencrypt-prod'); // Secret "<ingress-name>-tls", issued by cert-manager
 * IngressTls.fromSecret('shop-example-com-tls');           // an existing kubernetes.io/tls Secret
 */
export class IngressTls {
  /**
   * An existing Secret of type `kubernetes.io/tls` in the Ingress's namespace (created by hand, by
   * External Secrets, by cert-manager's Certificate resource, ...).
   *
   * @param secretName name of the Secret
   */
  public static fromSecret(secretName: string, options: IngressTlsOptions = {}): IngressTls {
    checkFactoryArguments('IngressTls.fromSecret(secretName, options)', options, { secretName });
    return new IngressTls({ secretName, hosts: options.hosts });
  }

  /**
   * A certificate issued by cert-manager from a cluster-wide `ClusterIssuer`: the Ingress gets the
   * annotation `cert-manager.io/cluster-issuer: <issuerName>` and cert-manager's ingress-shim creates a
   * Certificate that writes the Secret.
   *
   * @see https://cert-manager.io/docs/usage/ingress/
   * @param issuerName name of the ClusterIssuer
   */
  public static certManagerClusterIssuer(issuerName: string, options: CertManagerTlsOptions = {}): IngressTls {
    checkFactoryArguments('IngressTls.certManagerClusterIssuer(issuerName, options)', options, { issuerName });
    return new IngressTls({ issuerName, issuerAnnotation: CERT_MANAGER.clusterIssuerAnnotation, ...options });
  }

  /**
   * A certificate issued by cert-manager from a namespaced `Issuer`, which must live in the Ingress's
   * namespace: the Ingress gets the annotation `cert-manager.io/issuer: <issuerName>`.
   *
   * @see https://cert-manager.io/docs/usage/ingress/
   * @param issuerName name of the Issuer
   */
  public static certManagerIssuer(issuerName: string, options: CertManagerTlsOptions = {}): IngressTls {
    checkFactoryArguments('IngressTls.certManagerIssuer(issuerName, options)', options, { issuerName });
    return new IngressTls({ issuerName, issuerAnnotation: CERT_MANAGER.issuerAnnotation, ...options });
  }

  /**
   * Name of the Secret holding the certificate.
   *
   * @default - derived from the Ingress name: `<ingress-name>-tls` (cert-manager only)
   */
  public readonly secretName?: string;

  /**
   * The cert-manager annotation the Ingress carries (`cert-manager.io/cluster-issuer` or
   * `cert-manager.io/issuer`).
   *
   * @default - none: the Secret exists already
   */
  public readonly issuerAnnotation?: string;

  /**
   * Name of the cert-manager issuer.
   *
   * @default - none: the Secret exists already
   */
  public readonly issuerName?: string;

  private readonly explicitHosts?: string[];

  private constructor(props: { secretName?: string; issuerName?: string; issuerAnnotation?: string; hosts?: string[] }) {
    this.secretName = props.secretName;
    this.issuerName = props.issuerName;
    this.issuerAnnotation = props.issuerAnnotation;
    this.explicitHosts = props.hosts ? [...props.hosts] : undefined;
  }

  /**
   * The host names the certificate covers, when given explicitly.
   *
   * @default - the hosts of the SecureIngress rules
   */
  public get hosts(): string[] | undefined {
    return this.explicitHosts ? [...this.explicitHosts] : undefined;
  }

  /** Whether cert-manager issues the certificate. */
  public get issuedByCertManager(): boolean {
    return this.issuerAnnotation !== undefined;
  }
}
