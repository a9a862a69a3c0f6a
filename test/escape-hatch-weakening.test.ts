import {
  ApiObject, App, Chart, Cron, ImplicitTokenResolver, JsonPatch, LazyResolver, NumberStringUnionResolver, ResolutionContext, Size, Testing,
} from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  Audit, Pack, RuleId, SecureCronJob, SecureDaemonSet, SecureDeployment, SecureJob, SecureStatefulSet, SecurityException, SecurityPolicy, Severity,
} from '../src';
import { find } from './secure-deployment-support';

const IMAGE = 'registry.example.com/acme/app@sha256:' + 'a'.repeat(64);
const WHY = 'vendor image needs it until the 2.0 release';

type Make = (scope: Construct, extra: Record<string, unknown>) => kplus.Workload & { readonly container: kplus.Container };
interface KindRow {
  readonly name: string;
  readonly kind: string;
  /** The pod template's JSON pointer in the rendered object. */
  readonly pointer: string;
  /** Whether the main container has a port. */
  readonly port: boolean;
  readonly make: Make;
}
const KINDS: KindRow[] = [
  { name: 'SecureDeployment', kind: 'Deployment', pointer: '/spec/template', port: true, make: (scope, extra) => new SecureDeployment(scope, 'app', { image: IMAGE, port: 8080, ...extra }) },
  {
    name: 'SecureStatefulSet',
    kind: 'StatefulSet',
    pointer: '/spec/template',
    port: true,
    make: (scope, extra) => new SecureStatefulSet(scope, 'app', { image: IMAGE, port: 5432, storage: [{ path: '/data', size: Size.gibibytes(1) }], ...extra }),
  },
  { name: 'SecureJob', kind: 'Job', pointer: '/spec/template', port: false, make: (scope, extra) => new SecureJob(scope, 'app', { image: IMAGE, ...extra }) },
  {
    name: 'SecureCronJob',
    kind: 'CronJob',
    pointer: '/spec/jobTemplate/spec/template',
    port: false,
    make: (scope, extra) => new SecureCronJob(scope, 'app', { image: IMAGE, schedule: Cron.daily(), ...extra }),
  },
  { name: 'SecureDaemonSet', kind: 'DaemonSet', pointer: '/spec/template', port: true, make: (scope, extra) => new SecureDaemonSet(scope, 'app', { image: IMAGE, port: 2020, ...extra }) },
];

/** A weakening of the pod template: the JSON patch (relative to the template), the field path it leaves and the rule. */
interface Weakening {
  readonly name: string;
  readonly patch: (template: string, row: KindRow) => JsonPatch;
  /** The field the error names, relative to the template. */
  readonly field: string;
  readonly rule: RuleId;
  /** What the error says was received. */
  readonly received: string;
}
const C0 = 'spec/containers/0';
const PORT = { containerPort: 9090, hostPort: 9090 };
const WEAKENINGS: Weakening[] = [
  { name: 'privileged', patch: (t) => JsonPatch.add(`${t}/${C0}/securityContext/privileged`, true), field: 'spec.containers[0].securityContext.privileged', rule: RuleId.CTR_NOT_PRIVILEGED, received: 'true' },
  {
    name: 'privilege escalation',
    patch: (t) => JsonPatch.replace(`${t}/${C0}/securityContext/allowPrivilegeEscalation`, true),
    field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
    rule: RuleId.CTR_NO_PRIV_ESC,
    received: 'true',
  },
  {
    name: 'an added capability',
    patch: (t) => JsonPatch.add(`${t}/${C0}/securityContext/capabilities/add`, ['SYS_ADMIN']),
    field: 'spec.containers[0].securityContext.capabilities.add[0]',
    rule: RuleId.CTR_CAPS_ADD,
    received: '"SYS_ADMIN"',
  },
  {
    name: 'a writable root file system',
    patch: (t) => JsonPatch.replace(`${t}/${C0}/securityContext/readOnlyRootFilesystem`, false),
    field: 'spec.containers[0].securityContext.readOnlyRootFilesystem',
    rule: RuleId.CTR_READONLY_ROOTFS,
    received: 'false',
  },
  {
    name: 'root user',
    patch: (t) => JsonPatch.replace(`${t}/${C0}/securityContext/runAsUser`, 0),
    field: 'spec.containers[0].securityContext.runAsUser',
    rule: RuleId.POD_RUNASUSER_NONZERO,
    received: '0',
  },
  { name: 'host network', patch: (t) => JsonPatch.add(`${t}/spec/hostNetwork`, true), field: 'spec.hostNetwork', rule: RuleId.POD_NO_HOSTNETWORK, received: 'true' },
  // A JSON patch of a cdk8s-plus-28 object is applied before the object's typed mapping, so it names the field as the
  // TypeScript struct does (hostPid, rendered as hostPID).
  { name: 'host PID', patch: (t) => JsonPatch.add(`${t}/spec/hostPid`, true), field: 'spec.hostPID', rule: RuleId.POD_NO_HOSTPID, received: 'true' },
  { name: 'host IPC', patch: (t) => JsonPatch.add(`${t}/spec/hostIpc`, true), field: 'spec.hostIPC', rule: RuleId.POD_NO_HOSTIPC, received: 'true' },
  {
    name: 'an unconfined seccomp profile',
    patch: (t) => JsonPatch.replace(`${t}/spec/securityContext/seccompProfile`, { type: 'Unconfined' }),
    field: 'spec.securityContext.seccompProfile.type',
    rule: RuleId.POD_SECCOMP,
    received: '"Unconfined"',
  },
  {
    name: 'no resource limits',
    patch: (t) => JsonPatch.remove(`${t}/${C0}/resources/limits`),
    field: 'spec.containers[0].resources.limits.cpu',
    rule: RuleId.CTR_RESOURCES,
    received: 'nothing',
  },
  { name: 'a latest image', patch: (t) => JsonPatch.replace(`${t}/${C0}/image`, 'registry.example.com/acme/app:latest'), field: 'spec.containers[0].image', rule: RuleId.IMG_TAG, received: '"registry.example.com/acme/app:latest"' },
  {
    name: 'a host port',
    // Jobs have no port: the patch adds the list.
    patch: (t, row) => JsonPatch.add(`${t}/${C0}/ports${row.port ? '/-' : ''}`, row.port ? PORT : [PORT]),
    field: 'spec.containers[0].ports[-1].hostPort',
    rule: RuleId.CTR_NO_HOSTPORT,
    received: '9090',
  },
];

/** The fields SecureDaemonSet's host access check names (before the general check) for a weakening. */
const DAEMON_SET_OWN: Record<string, string> = {
  'privileged': 'containers[main].securityContext.privileged',
  'host network': 'hostNetwork',
  'host PID': 'hostPID',
  'host IPC': 'hostIPC',
};

/** The dotted path of a JSON pointer, as errors name fields (`/spec/jobTemplate` is `spec.jobTemplate`). */
function dotted(pointer: string): string {
  return pointer.slice(1).split('/').join('.');
}

function chartOf(app: App = Testing.app()): Chart {
  return new Chart(app, 'shop', { namespace: 'shop' });
}

/** The workload's pod template as synthesized. */
function podOf(row: KindRow, chart: Chart): any {
  const object = find(Testing.synth(chart), row.kind);
  return dotted(row.pointer).split('.').reduce((value: any, key) => value?.[key], object);
}

describe.each(KINDS)('$name: a JSON patch that weakens the pod template after the checks fails synthesis', (row) => {
  test.each(WEAKENINGS)('$name', (weakening) => {
    // GIVEN a workload whose pod template is weakened by a JSON patch (no exception)
    const chart = chartOf();
    const workload = row.make(chart, {});
    ApiObject.of(workload).addJsonPatch(weakening.patch(row.pointer, row));
    const field = `${dotted(row.pointer)}.${weakening.field.replace('[-1]', row.port ? '[1]' : '[0]')}`;

    // THEN synthesis fails: a SecureDaemonSet's own host access check names privileged mode and host namespaces first
    const own = DAEMON_SET_OWN[weakening.name];
    if (row.kind === 'DaemonSet' && own) {
      expect(() => Testing.synth(chart)).toThrow(`shop/app: invalid '${own}': received true; `);
    } else {
      // naming the construct, the field, the value, the rule and the fix
      expect(() => Testing.synth(chart)).toThrow(`shop/app: invalid '${field}': received ${weakening.received}; `);
      expect(() => Testing.synth(chart)).toThrow(`(${weakening.rule}); the construct checked its spec without this, so a JSON patch, a replaced toJson() `
        + 'or a resolver weakened it after the checks. Fix: remove that change; a control is weakened only through the construct\'s props, with a typed '
        + `exception where the control allows one (exceptions: [SecurityException.of(RuleId.${weakening.rule.replace(/-/g, '_')}, '<why>')]).`);
    }

    // AND the audit of the same app reports it too (defence in depth: the object as rendered is weakened)
    const active = Audit.of(chart, { packs: [Pack.HARDENED] }).active(Severity.WARNING);
    expect(active.some((finding) => finding.ruleId === weakening.rule && finding.path === field)).toBe(true);
  });

  test('a replaced toJson() that makes the container privileged fails synthesis', () => {
    const chart = chartOf();
    const apiObject = ApiObject.of(row.make(chart, {}));
    const render = apiObject.toJson.bind(apiObject);
    apiObject.toJson = () => {
      const json = render();
      const pod = dotted(row.pointer).split('.').reduce((value: any, key) => value[key], json);
      pod.spec.containers[0].securityContext.privileged = true;
      return json;
    };
    expect(() => Testing.synth(chart)).toThrow(row.kind === 'DaemonSet' ? `shop/app: invalid '${DAEMON_SET_OWN.privileged}': received true; `
      : `shop/app: invalid '${dotted(row.pointer)}.spec.containers[0].securityContext.privileged': received true; container 'main' runs privileged (CTR-NOT-PRIVILEGED)`);
  });

  test('patches that weaken nothing pass, and the output carries them', () => {
    const chart = chartOf();
    const apiObject = ApiObject.of(row.make(chart, {}));
    apiObject.addJsonPatch(JsonPatch.add(`${row.pointer}/spec/nodeSelector`, { disktype: 'ssd' }));
    apiObject.addJsonPatch(JsonPatch.add(`${row.pointer}/metadata/annotations/example.com~1owner`, 'team-shop'));
    apiObject.addJsonPatch(JsonPatch.add(`${row.pointer}/spec/containers/0/terminationMessagePolicy`, 'FallbackToLogsOnError'));
    const object = find(Testing.synth(chart), row.kind);
    const pod = dotted(row.pointer).split('.').reduce((value: any, key) => value[key], object);
    expect(pod.spec.nodeSelector).toEqual({ disktype: 'ssd' });
    expect(pod.metadata.annotations['example.com/owner']).toBe('team-shop');
    expect(pod.spec.containers[0].terminationMessagePolicy).toBe('FallbackToLogsOnError');
  });

  test.each([
    ['a shared process namespace', 'shareProcessNamespace', true, 'true', 'unset'],
    ['a runtime class', 'runtimeClassName', 'runc-unconfined', '"runc-unconfined"', 'unset'],
  ])('%s set by a JSON patch fails synthesis, though no audit rule judges it', (_name, field, value, received, made) => {
    const chart = chartOf();
    ApiObject.of(row.make(chart, {})).addJsonPatch(JsonPatch.add(`${row.pointer}/spec/${field}`, value));
    expect(() => Testing.synth(chart)).toThrow(`shop/app: invalid '${dotted(row.pointer)}.spec.${field}': received ${received}; the construct made it ${made}, `
      + 'and this field must stay as the construct made it (a JSON patch, a replaced toJson() or a resolver changed it after the checks, retargeting '
      + 'or widening what the construct checked). Fix: remove that change; the field is set only through the construct\'s props.');
  });

  test('a patch that hardens further (a higher UID) passes', () => {
    const chart = chartOf();
    const apiObject = ApiObject.of(row.make(chart, {}));
    apiObject.addJsonPatch(JsonPatch.replace(`${row.pointer}/spec/containers/0/securityContext/runAsUser`, 20001));
    expect(podOf(row, chart).spec.containers[0].securityContext.runAsUser).toBe(20001);
  });

  test('a limit patched with a value of the wrong type is dropped by the typed mapping, and the missing limit fails synthesis', () => {
    const chart = chartOf();
    const apiObject = ApiObject.of(row.make(chart, {}));
    apiObject.addJsonPatch(JsonPatch.replace(`${row.pointer}/spec/containers/0/resources/limits/memory`, '128Mi'));
    expect(() => Testing.synth(chart)).toThrow(`shop/app: invalid '${dotted(row.pointer)}.spec.containers[0].resources.limits.memory': received nothing; `
      + 'container \'main\' sets no memory limit (CTR-RESOURCES)');
  });

  test('a typed exception given through the props covers the same weakening on the rendered object (and only that rule)', () => {
    // GIVEN a writable root file system asked for with the props and an exception
    const chart = chartOf();
    const apiObject = ApiObject.of(row.make(chart, {
      containerSecurityContext: { readOnlyRootFilesystem: false },
      exceptions: [SecurityException.of(RuleId.CTR_READONLY_ROOTFS, WHY)],
    }));
    // WHEN a patch sets what the exception already accepts, the synthesis passes
    apiObject.addJsonPatch(JsonPatch.replace(`${row.pointer}/spec/containers/0/securityContext/readOnlyRootFilesystem`, false));
    expect(podOf(row, chart).spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(false);
    // AND a patch that weakens another control still fails
    apiObject.addJsonPatch(JsonPatch.replace(`${row.pointer}/spec/containers/0/securityContext/allowPrivilegeEscalation`, true));
    expect(() => Testing.synth(chart)).toThrow(`shop/app: invalid '${dotted(row.pointer)}.spec.containers[0].securityContext.allowPrivilegeEscalation': received true; `);
  });
});

describe('the weakening check judges what is synthesized', () => {
  test('an image patched to a registry outside the SecurityPolicy\'s allowlist fails synthesis', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { allowedRegistries: ['registry.example.com'] });
    const chart = chartOf(app);
    const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    ApiObject.of(workload).addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/image', 'docker.io/evil/app@sha256:' + 'b'.repeat(64)));
    expect(() => Testing.synth(chart)).toThrow(/shop\/app: invalid 'spec\.template\.spec\.containers\[0\]\.image': received "docker\.io\/evil\/app@sha256:b+"; .*\(IMG-REGISTRY\)/);
  });

  test('an init container added by JSON patch is judged like any other (root, no limits)', () => {
    const chart = chartOf();
    const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    ApiObject.of(workload).addJsonPatch(JsonPatch.add('/spec/template/spec/initContainers', [{ name: 'setup', image: IMAGE }]));
    expect(() => Testing.synth(chart)).toThrow(/shop\/app: invalid 'spec\.template\.spec\.initContainers\[0\]\.securityContext[^']*': .*container 'setup'/);
  });

  test('on clusters with the appArmorProfile field, the field the library adds is not mistaken for a change', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { kubernetesVersion: '1.30' });
    const chart = chartOf(app);
    for (const row of KINDS) {
      row.make(new Construct(chart, row.kind), {});
    }
    const objects = Testing.synth(chart);
    expect(objects.filter((o) => KINDS.some((row) => row.kind === o.kind))
      .map((o) => (o.spec.jobTemplate?.spec ?? o.spec).template.spec.securityContext.appArmorProfile)).toEqual(KINDS.map(() => ({ type: 'RuntimeDefault' })));
  });

  test('a toJson() replaced between two syntheses is judged in the second', () => {
    // GIVEN an app synthesized once (the checks installed their render override on the object)
    const app = Testing.app();
    const chart = chartOf(app);
    const apiObject = ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }));
    expect(app.synthYaml()).not.toContain('privileged: true');
    // WHEN the object's toJson() is replaced afterwards
    const render = apiObject.toJson.bind(apiObject);
    apiObject.toJson = () => {
      const json = render();
      json.spec.template.spec.containers[0].securityContext.privileged = true;
      return json;
    };
    // THEN the next synthesis fails instead of emitting the privileged container
    expect(() => app.synthYaml()).toThrow("shop/app: invalid 'spec.template.spec.containers[0].securityContext.privileged': received true; ");
  });

  test('an app resolver that rewrites a security field of the pod template fails synthesis', () => {
    const app = new App({
      resolvers: [{
        resolve: (context: ResolutionContext) => {
          if (context.key[context.key.length - 1] === 'privileged' && context.value === false) context.replaceValue(true);
        },
      }, new LazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver()],
    });
    const chart = chartOf(app);
    new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
    expect(() => app.synthYaml()).toThrow("shop/app: invalid 'spec.template.spec.containers[0].securityContext.privileged': received true; ");
  });

  test('an app resolver that changes nothing of security (an annotation value) passes', () => {
    const app = new App({
      resolvers: [{
        resolve: (context: ResolutionContext) => {
          if (context.value === 'team-shop') context.replaceValue('team-shop-eu');
        },
      }, new LazyResolver(), new ImplicitTokenResolver(), new NumberStringUnionResolver()],
    });
    const chart = chartOf(app);
    new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080, podMetadata: { annotations: { owner: 'team-shop' } } });
    expect(app.synthYaml()).toContain('owner: team-shop-eu');
  });

  test('a toJson() replaced on top of the library\'s appArmorProfile field is judged', () => {
    const app = Testing.app();
    SecurityPolicy.apply(app, { kubernetesVersion: '1.30' });
    const chart = chartOf(app);
    const apiObject = ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }));
    const render = apiObject.toJson.bind(apiObject);
    apiObject.toJson = () => {
      const json = render();
      json.spec.template.spec.securityContext.appArmorProfile = { type: 'Unconfined' };
      return json;
    };
    expect(() => app.synthYaml()).toThrow(/shop\/app: invalid 'spec\.template\.spec\.securityContext\.appArmorProfile[^']*': .*\(POD-APPARMOR\)/);
  });

  test('a patch that names a field as the API does (hostPID) is dropped by the typed mapping, so nothing weaker is emitted', () => {
    const chart = chartOf();
    ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 })).addJsonPatch(JsonPatch.add('/spec/template/spec/hostPID', true));
    expect(find(Testing.synth(chart), 'Deployment').spec.template.spec.hostPID).toBeUndefined();
  });

  describe('changes other than a JSON patch of the object', () => {
    const PRIVILEGED = "shop/app: invalid 'spec.template.spec.containers[0].securityContext.privileged': received true; ";
    const privileged = (json: any) => {
      json.spec.template.spec.containers[0].securityContext.privileged = true;
      return json;
    };

    test('an instance _toKube() that changes the returned spec in place', () => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
      const own = workload._toKube.bind(workload);
      workload._toKube = () => {
        const spec = own();
        (spec.template.spec!.containers[0] as { securityContext?: unknown }).securityContext = {
          ...spec.template.spec!.containers[0].securityContext, privileged: true,
        };
        return spec;
      };
      expect(() => Testing.synth(chart)).toThrow(PRIVILEGED);
    });

    test.each([
      ['the class\'s toJson()', kplus.k8s.KubeDeployment.prototype],
      ['ApiObject\'s toJson()', ApiObject.prototype],
    ])('a replaced %s', (_, prototype: any) => {
      const own = prototype.toJson;
      prototype.toJson = function toJson(this: ApiObject) {
        const json = own.call(this);
        return json?.kind === 'Deployment' || json?.spec?.template ? privileged(json) : json;
      };
      try {
        const chart = chartOf();
        new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
        expect(() => Testing.synth(chart)).toThrow(PRIVILEGED);
      } finally {
        prototype.toJson = own;
      }
    });

    test('a patch list that reads as empty but yields a patch', () => {
      const chart = chartOf();
      const apiObject = ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }));
      const hidden: JsonPatch[] = [];
      Object.defineProperty(hidden, Symbol.iterator, {
        value: function* iterate() {
          yield JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true);
        },
      });
      (apiObject as any).patches = hidden;
      expect(() => Testing.synth(chart)).toThrow(PRIVILEGED);
    });

    test('a resolver that subclasses one of cdk8s\' own', () => {
      class Rewriting extends LazyResolver {
        public resolve(context: ResolutionContext): void {
          if (context.key[context.key.length - 1] === 'privileged' && context.value === false) context.replaceValue(true);
          else super.resolve(context);
        }
      }
      const app = new App({ resolvers: [new Rewriting(), new ImplicitTokenResolver(), new NumberStringUnionResolver()] });
      const chart = chartOf(app);
      new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
      expect(() => app.synthYaml()).toThrow(PRIVILEGED);
    });

    test('Audit.suppress() does not let a patch make the container privileged (the props would refuse it too)', () => {
      const chart = chartOf();
      const apiObject = ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }));
      Audit.suppress(chart, RuleId.CTR_NOT_PRIVILEGED, 'accepted for the whole chart by the app team');
      apiObject.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/privileged', true));
      expect(() => Testing.synth(chart)).toThrow(PRIVILEGED);
    });
  });

  describe('cross-object and policy findings the change adds', () => {
    test('the pod switched to the default ServiceAccount (the construct emits its own)', () => {
      const chart = chartOf();
      ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }))
        .addJsonPatch(JsonPatch.replace('/spec/template/spec/serviceAccountName', 'default'));
      expect(() => Testing.synth(chart)).toThrow(/shop\/app: invalid 'spec\.template\.spec\.serviceAccountName': received "default"; .*\(POD-OWN-SA\)/);
    });

    test('with requireDigest, an image patched to a tag fails synthesis (IMG-DIGEST is only info in the audit)', () => {
      const chart = chartOf();
      ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080, requireDigest: true }))
        .addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/image', 'registry.example.com/acme/app:1.0'));
      expect(() => Testing.synth(chart)).toThrow(/shop\/app: invalid 'spec\.template\.spec\.containers\[0\]\.image': received "registry\.example\.com\/acme\/app:1\.0"; .*\(IMG-DIGEST\)/);
    });

    test('without requireDigest the same tag passes (a pinned tag is what the props accept too)', () => {
      const chart = chartOf();
      ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }))
        .addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/image', 'registry.example.com/acme/app:1.0'));
      expect(() => Testing.synth(chart)).not.toThrow();
    });
  });

  describe('the construct\'s other objects', () => {
    test('a ServiceAccount patched to mount its token', () => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
      ApiObject.of(workload.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'ServiceAccount')!)
        .addJsonPatch(JsonPatch.replace('/automountServiceAccountToken', true));
      expect(() => Testing.synth(chart)).toThrow(/shop\/app\/ServiceAccount\/Resource: invalid 'automountServiceAccountToken': received true; .*\(POD-NO-SA-TOKEN\); the construct checked its ServiceAccount \S+ without this/);
    });

    test('a Service patched to LoadBalancer', () => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
      ApiObject.of(workload.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Service')!)
        .addJsonPatch(JsonPatch.replace('/spec/type', 'LoadBalancer'));
      expect(() => Testing.synth(chart)).toThrow(/invalid 'spec\.type': received "LoadBalancer"; .*\(SVC-TYPE\)/);
    });

    const objectOfKind = (workload: Construct, kind: string) =>
      ApiObject.of(workload.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === kind)!);

    test.each([
      ['its selector pointed at other pods', JsonPatch.replace('/spec/selector', { app: 'payments' }), 'spec.selector', '{"app":"payments"}'],
      ['turned into an ExternalName', JsonPatch.add('/spec/externalName', 'metadata.google.internal'), 'spec.externalName', '"metadata.google.internal"'],
      ['given external IPs', JsonPatch.add('/spec/externalIPs', ['203.0.113.10']), 'spec.externalIPs', '["203.0.113.10"]'],
    ])('a Service with %s fails synthesis, though no audit rule judges it', (_name, patch, field, received) => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
      objectOfKind(workload, 'Service').addJsonPatch(patch);
      const escaped = (text: string) => text.replace(/[[\]{}.]/g, '\\$&');
      expect(() => Testing.synth(chart)).toThrow(new RegExp(`shop/app/Service/Resource: invalid '${escaped(field)}': received ${escaped(received)}; `
        + 'the construct made it .*this field must stay as the construct made it'));
    });

    test.each([
      ['a replica ceiling of 100000', JsonPatch.replace('/spec/maxReplicas', 100000), 'spec.maxReplicas', '100000', '6'],
      ['another target', JsonPatch.replace('/spec/scaleTargetRef/name', 'payments'), 'spec.scaleTargetRef', '{"apiVersion":"apps/v1","kind":"Deployment","name":"payments"}', '{'],
    ])('an autoscaler with %s fails synthesis', (_name, patch, field, received, made) => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080, autoscaling: { minReplicas: 3, maxReplicas: 6 } });
      objectOfKind(workload, 'HorizontalPodAutoscaler').addJsonPatch(patch);
      expect(() => Testing.synth(chart)).toThrow(`invalid '${field}': received ${received}; the construct made it ${made}`);
    });

    test('a PodDisruptionBudget patched to let a drain evict every replica', () => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080, replicas: 2 });
      ApiObject.of(workload.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'PodDisruptionBudget')!)
        .addJsonPatch(JsonPatch.replace('/spec/maxUnavailable', { value: '100%' }));
      expect(() => Testing.synth(chart)).toThrow(/shop\/app: invalid 'spec\.template\.metadata\.labels': .*let a drain evict all 2 replicas at once.*\(AVAIL-PDB\)/);
    });

    test('an autoscaler patched to keep one replica', () => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080, autoscaling: { minReplicas: 3, maxReplicas: 6 } });
      ApiObject.of(workload.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'HorizontalPodAutoscaler')!)
        .addJsonPatch(JsonPatch.replace('/spec/minReplicas', 1));
      expect(() => Testing.synth(chart)).toThrow(/shop\/app: invalid 'spec\.replicas': .*\(AVAIL-REPLICAS\); the construct checked its objects without this \(HorizontalPodAutoscaler \S+ changed\)/);
    });

    test('a recommended label removed from the workload\'s metadata by a JSON patch', () => {
      const chart = chartOf();
      ApiObject.of(new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 }))
        .addJsonPatch(JsonPatch.remove('/metadata/labels/app.kubernetes.io~1name'));
      expect(() => Testing.synth(chart)).toThrow(
        "shop/app: invalid 'metadata.labels[\"app.kubernetes.io/name\"]': received nothing; the Deployment has no app.kubernetes.io/name label (META-LABELS); "
        + 'the construct checked its metadata without this');
    });

    test('harmless patches of the other objects pass', () => {
      const chart = chartOf();
      const workload = new SecureDeployment(chart, 'app', { image: IMAGE, port: 8080 });
      const service = ApiObject.of(workload.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'Service')!);
      service.addJsonPatch(JsonPatch.add('/metadata/annotations', { 'example.com/team': 'shop' }));
      const account = ApiObject.of(workload.node.findAll().find((c) => ApiObject.isApiObject(c) && c.kind === 'ServiceAccount')!);
      account.addJsonPatch(JsonPatch.add('/metadata/labels/tier', 'web'));
      const objects = Testing.synth(chart);
      expect(find(objects, 'Service').metadata.annotations['example.com/team']).toBe('shop');
      expect(find(objects, 'ServiceAccount').metadata.labels.tier).toBe('web');
    });
  });

  describe('the workload\'s own fields outside the pod template', () => {
    test.each([
      ['Deployment Recreate strategy', 0, JsonPatch.replace('/spec/strategy', { type: 'Recreate' }), 'WL-ROLLING'],
      ['Job without activeDeadlineSeconds', 2, JsonPatch.remove('/spec/activeDeadlineSeconds'), 'JOB-LIMITS'],
      ['Job without ttlSecondsAfterFinished', 2, JsonPatch.remove('/spec/ttlSecondsAfterFinished'), 'JOB-CLEANUP'],
      ['CronJob without startingDeadlineSeconds', 3, JsonPatch.remove('/spec/startingDeadlineSeconds'), 'CRONJOB-DEADLINE'],
      ['StatefulSet OnDelete updates', 1, JsonPatch.replace('/spec/updateStrategy', { type: 'OnDelete' }), 'WL-ROLLING'],
    ])('%s', (_, kindIndex, patch, rule) => {
      const chart = chartOf();
      const row = KINDS[kindIndex as number];
      ApiObject.of(row.make(chart, {})).addJsonPatch(patch as JsonPatch);
      expect(() => Testing.synth(chart)).toThrow(new RegExp(`shop/app: invalid 'spec\\.[^']*': .*\\(${rule}\\); the construct checked its spec without this`));
    });
  });

  test('property: any one weakening from the list, on any kind, after any number of harmless patches, fails synthesis', () => {
    const harmless = [
      (t: string) => JsonPatch.add(`${t}/spec/nodeSelector`, { zone: 'a' }),
      (t: string) => JsonPatch.add(`${t}/metadata/labels/tier`, 'web'),
      (t: string) => JsonPatch.add(`${t}/spec/terminationGracePeriodSeconds`, 45),
      (t: string) => JsonPatch.replace(`${t}/spec/containers/0/resources/requests/cpu`, '50m'),
    ];
    fc.assert(fc.property(
      fc.constantFrom(...KINDS), fc.constantFrom(...WEAKENINGS), fc.subarray(harmless.map((_, i) => i)), fc.boolean(),
      (row, weakening, harmlessIndexes, weakenFirst) => {
        const chart = chartOf();
        const apiObject = ApiObject.of(row.make(chart, {}));
        const patches = harmlessIndexes.map((i) => harmless[i](row.pointer));
        const all = weakenFirst ? [weakening.patch(row.pointer, row), ...patches] : [...patches, weakening.patch(row.pointer, row)];
        all.forEach((patch) => apiObject.addJsonPatch(patch));
        expect(() => Testing.synth(chart)).toThrow(row.kind === 'DaemonSet' && DAEMON_SET_OWN[weakening.name] ? 'shop/app: invalid' : `(${weakening.rule})`);
      }), { numRuns: 40, seed: 2026 });
  });
});
