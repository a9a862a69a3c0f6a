import { Chart, Testing } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Audit, Pack, Severity } from '../src';
import { find, Manifest } from './support/manifests';
import { SecureDeployment, SecureDeploymentProps } from '../src/workloads/secure-deployment';

export { find } from './support/manifests';
export type { Manifest } from './support/manifests';

/** The image most tests deploy. */
export const IMAGE = 'ghcr.io/acme/api:1.4.2';

/** A digest-pinned image. */
export const DIGEST = `sha256:${'a1b2c3d4'.repeat(8)}`;

/** A reason long enough for an exception. */
export const WHY = 'vendor image needs it until the 2.0 release';

/** A chart whose objects land in `namespace` (`null`: a chart without namespace). */
export function chartIn(namespace: string | null = 'shop', id = 'shop'): Chart {
  return new Chart(Testing.app(), id, { namespace: namespace ?? undefined });
}

/** A SecureDeployment `api` in namespace `shop` with `props` on top of the image and port 8080. */
export function deploy(props: Partial<SecureDeploymentProps> = {}, chart: Chart = chartIn()): SecureDeployment {
  return new SecureDeployment(chart, 'api', { image: IMAGE, port: 8080, ...props });
}

/** The manifests of the chart that holds `construct`. */
export function synth(construct: IConstruct): Manifest[] {
  return Testing.synth(construct instanceof Chart ? construct : Chart.of(construct));
}

/** The pod template spec of the only Deployment. */
export function podSpec(manifests: Manifest[]): Manifest {
  return find(manifests, 'Deployment').spec.template.spec;
}

/** A container of the only Deployment, regular or init. */
export function container(manifests: Manifest[], name: string): Manifest {
  const spec = podSpec(manifests);
  const found = [...(spec.initContainers ?? []), ...spec.containers].find((c: Manifest) => c.name === name);
  if (!found) {
    throw new Error(`no container ${name}`);
  }
  return found;
}

/** Active findings (warning and above) of the hardened and PSS restricted packs, one line each. */
export function activeFindings(chart: Parameters<typeof Audit.of>[0], packs: Pack[] = [Pack.HARDENED, Pack.PSS_RESTRICTED]): string[] {
  return Audit.of(chart, { packs }).active(Severity.WARNING)
    .map((f) => `${f.id} ${f.kind}/${f.name} ${f.path}`);
}
