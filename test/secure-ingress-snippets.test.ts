import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  Audit, IngressControllerProfile, IngressTls, Pack, RuleId, SecureIngress, SecureIngressBackend, SecureIngressProps, SecurityException,
  SecurityPolicy,
} from '../src';
import { find } from './support/manifests';

const WHY = 'legacy header rewrite until the app sets it itself (SEC-42)';
const SNIPPET = 'nginx.ingress.kubernetes.io/configuration-snippet';

/** Synthesizes the app with its validations (Testing.synth() skips them). */
function synth(chart: Chart): void {
  (chart.node.root as App).synth();
}

function setup(props: Partial<SecureIngressProps> = {}, chart = new Chart(Testing.app(), 'test', { namespace: 'shop' })) {
  const service = new kplus.Service(chart, 'api', { metadata: { name: 'api' }, ports: [{ port: 80, targetPort: 8080 }] });
  service.selectLabel('app', 'api');
  const ingress = new SecureIngress(chart, 'web', {
    metadata: { name: 'web', ...props.metadata },
    tls: IngressTls.fromSecret('web-tls'),
    rules: [{ host: 'shop.example.com', backend: SecureIngressBackend.fromService(service) }],
    ...props,
  });
  return { chart, ingress };
}

describe('SecureIngress rejects snippet and ssl-passthrough annotations (ING-NO-SNIPPETS)', () => {
  test.each([
    SNIPPET, 'nginx.ingress.kubernetes.io/server-snippet', 'nginx.ingress.kubernetes.io/auth-snippet', 'nginx.ingress.kubernetes.io/stream-snippet',
    'nginx.ingress.kubernetes.io/modsecurity-snippet', 'nginx.ingress.kubernetes.io/ssl-passthrough', 'nginx.org/server-snippets',
    'nginx.org/location-snippets', 'custom.example.com/configuration-snippet', 'Nginx.Ingress.Kubernetes.io/Server-Snippet',
  ])('%s in metadata.annotations', (key) => {
    expect(() => setup({ metadata: { name: 'web', annotations: { [key]: 'more_set_headers "X: y";' } } })).toThrow(
      `test/web: invalid 'metadata.annotations["${key}"]': received "more_set_headers \\"X: y\\";"; the annotation ${key} `);
    expect(() => setup({ metadata: { name: 'web', annotations: { [key]: 'x' } } }))
      .toThrow("Fix: keep the hardened default, or add SecurityException.of(RuleId.ING_NO_SNIPPETS, '<why>') to 'exceptions'.");
  });

  test('a controller annotation whose value spans lines (configuration injection) is rejected; a single-line value passes', () => {
    const injected = 'http://auth.example.com/#;\n}\nlocation /admin { return 200; }';
    expect(() => setup({ metadata: { name: 'web', annotations: { 'nginx.ingress.kubernetes.io/auth-url': injected } } })).toThrow(
      /invalid 'metadata\.annotations\["nginx\.ingress\.kubernetes\.io\/auth-url"\]'.*has a value that spans lines/);
    expect(() => setup({ metadata: { name: 'web', annotations: { 'haproxy-ingress.github.io/config-backend': 'http-request deny' } } }))
      .toThrow('pastes raw configuration into the ingress controller');
    expect(() => setup({ metadata: { name: 'web', annotations: { 'nginx.ingress.kubernetes.io/auth-url': 'https://auth.example.com/oauth2/auth' } } }))
      .not.toThrow();
  });

  test('other annotations pass', () => {
    expect(() => setup({ metadata: { name: 'web', annotations: { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '30' } } })).not.toThrow();
  });

  test('a controller profile that adds a snippet', () => {
    const controller = IngressControllerProfile.generic('nginx', {
      namespace: 'ingress-nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' }, annotations: { 'nginx.ingress.kubernetes.io/server-snippet': 'x' },
    });
    expect(() => setup({ controller })).toThrow("invalid 'controller.bind().annotations[\"nginx.ingress.kubernetes.io/server-snippet\"]'");
  });

  test('addAnnotation() after construction fails synthesis', () => {
    const { chart, ingress } = setup();
    ingress.metadata.addAnnotation('nginx.ingress.kubernetes.io/ssl-passthrough', 'true');
    expect(() => synth(chart)).toThrow("invalid 'metadata.annotations[\"nginx.ingress.kubernetes.io/ssl-passthrough\"]': received \"true\"");
  });

  test('a JSON patch fails synthesis', () => {
    const { chart, ingress } = setup();
    ApiObject.of(ingress).addJsonPatch(JsonPatch.add('/metadata/annotations/nginx.ingress.kubernetes.io~1auth-snippet', 'x'));
    expect(() => synth(chart)).toThrow("invalid 'metadata.annotations[\"nginx.ingress.kubernetes.io/auth-snippet\"]'");
  });

  test('the audit reports a snippet on a plain Ingress', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'shop' });
    new kplus.k8s.KubeIngress(chart, 'raw', { metadata: { name: 'raw', annotations: { [SNIPPET]: 'x' } }, spec: { ingressClassName: 'nginx' } });
    const findings = Audit.of(chart, { packs: [Pack.HARDENED] }).active().filter((f) => f.ruleId === RuleId.ING_NO_SNIPPETS);
    expect(findings.map((f) => [f.kind, f.name, f.path, f.severity])).toEqual([['Ingress', 'raw', `metadata.annotations["${SNIPPET}"]`, 'error']]);
  });
});

describe('an ING-NO-SNIPPETS exception', () => {
  const exceptions = [SecurityException.of(RuleId.ING_NO_SNIPPETS, WHY)];

  test('admits the snippet, documents it and suppresses the finding with the reason', () => {
    const { chart } = setup({ metadata: { name: 'web', annotations: { [SNIPPET]: 'x' } }, exceptions });
    const ingress = find(Testing.synth(chart), 'Ingress');
    expect(ingress.metadata.annotations[SNIPPET]).toEqual('x');
    expect(ingress.metadata.annotations['exception.cdk8s-secure.io/ING-NO-SNIPPETS']).toEqual(WHY);
    const report = Audit.of(chart, { packs: [Pack.HARDENED] });
    expect(report.active().filter((f) => f.ruleId === RuleId.ING_NO_SNIPPETS)).toEqual([]);
    expect(report.suppressed().map((f) => [f.ruleId, f.path, f.suppressionReason])).toEqual([[RuleId.ING_NO_SNIPPETS, `metadata.annotations["${SNIPPET}"]`, WHY]]);
  });

  test('counts as used for a snippet added after construction', () => {
    const { chart, ingress } = setup({ exceptions });
    ingress.metadata.addAnnotation(SNIPPET, 'x');
    expect(() => synth(chart)).not.toThrow();
  });

  test('that relaxes nothing fails synthesis', () => {
    const { chart } = setup({ exceptions });
    expect(() => synth(chart)).toThrow("invalid 'exceptions[ING-NO-SNIPPETS]'");
    expect(() => synth(chart)).toThrow('the exception relaxes nothing on this construct');
  });

  test('to another rule is an error', () => {
    expect(() => setup({ exceptions: [SecurityException.of(RuleId.ING_TLS, WHY)] }))
      .toThrow("test/web: invalid 'exceptions': received \"ING-TLS\"; a SecureIngress can only relax ING-NO-SNIPPETS");
  });

  test('is judged against the SecurityPolicy exception policy', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { exceptionPolicy: { allowedRules: [RuleId.SVC_TYPE] } });
    const chart = new Chart(app, 'test', { namespace: 'shop' });
    expect(() => setup({ metadata: { name: 'web', annotations: { [SNIPPET]: 'x' } }, exceptions }, chart)).toThrow("invalid 'exceptions[ING-NO-SNIPPETS]'");
  });

  test('plain JavaScript input gets the library error', () => {
    expect(() => setup({ exceptions: 'ING-NO-SNIPPETS' as unknown as SecurityException[] })).toThrow("invalid 'exceptions': received \"ING-NO-SNIPPETS\"; is not a list of exceptions");
  });
});
