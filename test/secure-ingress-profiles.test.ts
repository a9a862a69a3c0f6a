import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  GenericIngressControllerProfile, IIngressControllerProfile, IngressControllerBindContext, IngressControllerBinding,
  IngressControllerProfile, IngressTls, NginxIngressControllerProfile, SecureIngress, SecureIngressBackend, TraefikIngressControllerProfile,
} from '../src';
import { validateManifests } from './support/kubernetes-schema';
import { find, Manifest } from './support/manifests';

const MIDDLEWARE = 'traefik.io/v1alpha1/Middleware';

function synth(controller: IIngressControllerProfile, className?: string): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
  const service = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
  service.selectLabel('app', 'api');
  new SecureIngress(chart, 'web', {
    metadata: { name: 'web' },
    controller,
    className,
    tls: IngressTls.certManagerClusterIssuer('letsencrypt-prod'),
    rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
  });
  return Testing.synth(chart);
}

function annotations(manifests: Manifest[]): Record<string, string> {
  return find(manifests, 'Ingress').metadata.annotations;
}

function peer(manifests: Manifest[]): Manifest {
  return find(manifests, 'NetworkPolicy').spec.ingress[0].from[0];
}

describe('ingress-nginx profile', () => {
  test('defaults: class nginx, redirect annotations, controller pods in ingress-nginx', () => {
    const profile = IngressControllerProfile.nginx();
    expect(profile).toBeInstanceOf(NginxIngressControllerProfile);
    expect([profile.controllerName, profile.className, profile.namespace, profile.podLabels]).toEqual([
      'ingress-nginx', 'nginx', 'ingress-nginx', { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/name': 'ingress-nginx' },
    ]);
    const manifests = synth(profile);
    expect(find(manifests, 'Ingress').spec.ingressClassName).toEqual('nginx');
    expect(annotations(manifests)['nginx.ingress.kubernetes.io/ssl-redirect']).toEqual('true');
    expect(annotations(manifests)['nginx.ingress.kubernetes.io/force-ssl-redirect']).toEqual('true');
    expect(Object.keys(annotations(manifests)).some((key) => key.endsWith('-snippet'))).toBe(false);
  });

  test('class, namespace and pod labels can be changed; className on the SecureIngress wins over the profile', () => {
    const profile = IngressControllerProfile.nginx({ className: 'nginx-public', namespace: 'edge', podLabels: { 'app.kubernetes.io/instance': 'public' } });
    const manifests = synth(profile);
    expect(find(manifests, 'Ingress').spec.ingressClassName).toEqual('nginx-public');
    expect(peer(manifests)).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'public' } },
    });
    expect(find(synth(profile, 'nginx-internal'), 'Ingress').spec.ingressClassName).toEqual('nginx-internal');
  });

  test('request body limit (proxy-body-size) in nginx units, and rate limit (limit-rps)', () => {
    expect(annotations(synth(IngressControllerProfile.nginx({ maxRequestBodySize: Size.mebibytes(8), rateLimitRps: 20 })))).toEqual(
      expect.objectContaining({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'nginx.ingress.kubernetes.io/limit-rps': '20' }));
    expect(annotations(synth(IngressControllerProfile.nginx({ maxRequestBodySize: Size.kibibytes(512) })))['nginx.ingress.kubernetes.io/proxy-body-size'])
      .toEqual('512k');
    expect(annotations(synth(IngressControllerProfile.nginx({ maxRequestBodySize: Size.kibibytes(1.5) })))['nginx.ingress.kubernetes.io/proxy-body-size'])
      .toEqual('1536');
  });

  test('no limits are set unless asked for', () => {
    const keys = Object.keys(annotations(synth(IngressControllerProfile.nginx())));
    expect(keys.filter((key) => /proxy-body-size|limit-rps|custom-headers/.test(key))).toEqual([]);
  });

  test('hstsViaCustomHeaders: a ConfigMap with the HSTS header, named by the custom-headers annotation', () => {
    const manifests = synth(IngressControllerProfile.nginx({ hstsViaCustomHeaders: true }));
    expect(annotations(manifests)['nginx.ingress.kubernetes.io/custom-headers']).toEqual('shop/web-response-headers');
    expect(find(manifests, 'ConfigMap')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-response-headers', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      data: { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' },
    });
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('hstsViaCustomHeaders with an explicit policy', () => {
    const manifests = synth(IngressControllerProfile.nginx({
      hstsViaCustomHeaders: true, hsts: { maxAge: Duration.days(730), includeSubDomains: true, preload: true },
    }));
    expect(find(manifests, 'ConfigMap').data).toEqual({ 'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload' });
  });

  test('rejects an HSTS policy it cannot apply per Ingress, and bad limits', () => {
    expect(() => synth(IngressControllerProfile.nginx({ hsts: { maxAge: Duration.days(730) } })))
      .toThrow("test/web: invalid 'controller.hsts': received \"max-age=63072000; includeSubDomains\"; "
        + 'ingress-nginx sets HSTS in its controller ConfigMap');
    expect(() => synth(IngressControllerProfile.nginx({ rateLimitRps: 0 })))
      .toThrow("test/web: invalid 'controller.rateLimitRps': received 0; the rate limit must be a positive whole number");
    expect(() => synth(IngressControllerProfile.nginx({ rateLimitRps: 2.5 }))).toThrow("invalid 'controller.rateLimitRps': received 2.5");
    expect(() => synth(IngressControllerProfile.nginx({ maxRequestBodySize: Size.kibibytes(0) })))
      .toThrow("test/web: invalid 'controller.maxRequestBodySize': received \"0Ki\"; the request body limit must be a positive whole number of bytes");
    expect(() => synth(IngressControllerProfile.nginx({ hstsViaCustomHeaders: true, hsts: { maxAge: Duration.seconds(0) } })))
      .toThrow("invalid 'controller.hsts': received \"max-age=0; includeSubDomains\"; max-age must be a positive");
  });
});

describe('Traefik profile', () => {
  const manifests = synth(IngressControllerProfile.traefik({ rateLimitRps: 10, maxRequestBodySize: Size.mebibytes(8) }));

  test('snapshot', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('is valid against the Kubernetes 1.28 API, with Traefik Middlewares as the only custom resources', () => {
    expect(validateManifests(manifests, [MIDDLEWARE])).toEqual([]);
  });

  test('defaults: class traefik, Traefik pods in namespace traefik', () => {
    const profile = IngressControllerProfile.traefik();
    expect(profile).toBeInstanceOf(TraefikIngressControllerProfile);
    expect([profile.controllerName, profile.className, profile.namespace, profile.podLabels]).toEqual([
      'traefik', 'traefik', 'traefik', { 'app.kubernetes.io/name': 'traefik' },
    ]);
    expect(find(manifests, 'Ingress').spec.ingressClassName).toEqual('traefik');
    expect(peer(manifests)).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
    });
  });

  test('routers only on the HTTPS entry point, TLS on, Middlewares referenced in order: rate limit, body limit, HSTS', () => {
    expect(annotations(manifests)).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure',
      'traefik.ingress.kubernetes.io/router.tls': 'true',
      'traefik.ingress.kubernetes.io/router.middlewares': 'shop-web-ratelimit@kubernetescrd,shop-web-body-limit@kubernetescrd,shop-web-hsts@kubernetescrd',
    });
  });

  test('the HSTS Middleware sends max-age one year with includeSubDomains by default', () => {
    expect(find(manifests, 'Middleware', 'web-hsts')).toEqual({
      apiVersion: 'traefik.io/v1alpha1',
      kind: 'Middleware',
      metadata: { name: 'web-hsts', namespace: 'shop', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-secure' } },
      spec: { headers: { stsSeconds: 31536000, stsIncludeSubdomains: true, stsPreload: false } },
    });
  });

  test('the limit Middlewares: average rate with a burst of five times it, and a body limit in bytes', () => {
    expect(find(manifests, 'Middleware', 'web-ratelimit').spec).toEqual({ rateLimit: { average: 10, period: '1s', burst: 50 } });
    expect(find(manifests, 'Middleware', 'web-body-limit').spec).toEqual({ buffering: { maxRequestBodyBytes: 8388608 } });
  });

  test('without limits only the HSTS Middleware is emitted', () => {
    const plain = synth(IngressControllerProfile.traefik());
    expect(plain.filter((m) => m.kind === 'Middleware').map((m) => m.metadata.name)).toEqual(['web-hsts']);
    expect(annotations(plain)['traefik.ingress.kubernetes.io/router.middlewares']).toEqual('shop-web-hsts@kubernetescrd');
  });

  test('entry point and HSTS policy can be changed', () => {
    const custom = synth(IngressControllerProfile.traefik({ entryPoint: 'https', hsts: { maxAge: Duration.days(30), includeSubDomains: false } }));
    expect(annotations(custom)['traefik.ingress.kubernetes.io/router.entrypoints']).toEqual('https');
    expect(find(custom, 'Middleware').spec.headers).toEqual({ stsSeconds: 2592000, stsIncludeSubdomains: false, stsPreload: false });
  });

  test('rejects an Ingress name too long to derive Middleware and ConfigMap names from', () => {
    const long = [63, 63, 63, 60].map((n) => 'a'.repeat(n)).join('.');
    for (const controller of [IngressControllerProfile.traefik(), IngressControllerProfile.nginx({ hstsViaCustomHeaders: true })]) {
      expect(() => {
        const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
        new SecureIngress(chart, 'web', { metadata: { name: long }, controller, tls: IngressTls.fromSecret('shop-tls') });
      }).toThrow(new RegExp(`^test/web: invalid 'metadata.name': received "${long}"; the derived \\w+ name ${long}-[a-z-]+ is longer than 253`));
    }
  });

  test('rejects a bad entry point and an HSTS preload without its prerequisites', () => {
    expect(() => synth(IngressControllerProfile.traefik({ entryPoint: 'web secure' })))
      .toThrow("test/web: invalid 'controller.entryPoint': received \"web secure\"; the entry point name");
    expect(() => synth(IngressControllerProfile.traefik({ hsts: { preload: true, includeSubDomains: false } })))
      .toThrow('preload requires includeSubDomains');
    expect(() => synth(IngressControllerProfile.traefik({ hsts: { preload: true, maxAge: Duration.days(180) } })))
      .toThrow('preload requires a max-age of at least 31536000 seconds');
  });
});

describe('generic profile', () => {
  const profile = IngressControllerProfile.generic('haproxy', {
    namespace: 'haproxy-controller',
    podLabels: { 'app.kubernetes.io/name': 'kubernetes-ingress' },
    annotations: { 'haproxy.org/ssl-redirect': 'true' },
  });
  const manifests = synth(profile);

  test('TLS, the class, the given annotations and the network path; nothing controller-specific', () => {
    expect(profile).toBeInstanceOf(GenericIngressControllerProfile);
    expect(profile.controllerName).toEqual('generic');
    const ingress = find(manifests, 'Ingress');
    expect(ingress.spec.ingressClassName).toEqual('haproxy');
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'web-tls' }]);
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', 'haproxy.org/ssl-redirect': 'true' });
    expect(peer(manifests)).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'haproxy-controller' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kubernetes-ingress' } },
    });
  });

  test('without annotations only the cert-manager annotation is set', () => {
    const bare = synth(IngressControllerProfile.generic('contour', { namespace: 'projectcontour', podLabels: { app: 'envoy' } }));
    expect(annotations(bare)).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' });
  });

  test('rejects an invalid controller namespace and empty pod labels', () => {
    expect(() => synth(IngressControllerProfile.generic('contour', { namespace: 'Project Contour', podLabels: { app: 'envoy' } })))
      .toThrow("test/web: invalid 'controller.namespace': received \"Project Contour\"; the controller namespace");
    expect(() => synth(IngressControllerProfile.generic('contour', { namespace: 'projectcontour', podLabels: {} })))
      .toThrow("test/web: invalid 'controller.podLabels': received {}; without pod labels the NetworkPolicy would admit every pod");
    expect(() => synth(IngressControllerProfile.generic('contour', { namespace: 'projectcontour', podLabels: { app: 'envoy proxy' } })))
      .toThrow("test/web: invalid 'controller.podLabels.app': received \"envoy proxy\"; the label value is not a label value");
    expect(() => synth(IngressControllerProfile.nginx({ podLabels: { 'Example.com/app': 'envoy' } })))
      .toThrow("test/web: invalid 'controller.podLabels.Example.com/app': received \"envoy\"; the label key prefix has the label \"Example\"");
    expect(() => synth(IngressControllerProfile.nginx({ podLabels: { 'app name': 'envoy' } })))
      .toThrow("invalid 'controller.podLabels.app name': received \"envoy\"; the label key is not a qualified name");
  });
});

describe('a custom controller profile (extension point)', () => {
  /** A profile for a hypothetical in-house proxy that needs one custom resource per Ingress. */
  class EdgeProxyProfile implements IIngressControllerProfile {
    public readonly controllerName = 'edge-proxy';
    public readonly className = 'edge';
    public readonly namespace = 'edge-system';
    public readonly podLabels = { 'app.kubernetes.io/name': 'edge-proxy' };
    public readonly contexts: IngressControllerBindContext[] = [];

    public bind(scope: Construct, context: IngressControllerBindContext): IngressControllerBinding {
      this.contexts.push(context);
      new ApiObject(scope, 'EdgePolicy', {
        apiVersion: 'edge.example.com/v1',
        kind: 'SecurityPolicy',
        metadata: { name: `${context.ingressName}-https`, namespace: context.namespace },
        spec: { redirectToHttps: true, hstsMaxAge: 31536000 },
      });
      return { annotations: { 'edge.example.com/policy': `${context.ingressName}-https` } };
    }
  }

  test('is bound once with the namespace and name of the Ingress; its objects and annotations are emitted', () => {
    const profile = new EdgeProxyProfile();
    const manifests = synth(profile);
    expect(profile.contexts).toEqual([{ namespace: 'shop', ingressName: 'web' }]);
    expect(find(manifests, 'Ingress').spec.ingressClassName).toEqual('edge');
    expect(annotations(manifests)['edge.example.com/policy']).toEqual('web-https');
    expect(find(manifests, 'SecurityPolicy').metadata).toEqual({ name: 'web-https', namespace: 'shop' });
    expect(peer(manifests).namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'edge-system' } });
  });
});
