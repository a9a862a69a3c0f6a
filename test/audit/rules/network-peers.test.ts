import { RuleId } from '../../../src';
import { find, Manifest } from '../support';
import { describeRule } from './rule-case';

const P = 'NetworkPolicy/web';
const web = (o: Manifest[]) => find(o, 'NetworkPolicy', 'web').spec;

describeRule(RuleId.NETPOL_NARROW_PEERS, [
  {
    name: 'a narrow external block and one namespace by In',
    change: o => {
      web(o).egress.push({ to: [{ ipBlock: { cidr: '203.0.113.0/24' } }, { ipBlock: { cidr: '2001:db8:1::/48' } }] });
      web(o).ingress.push({ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['shop'] }] } }] });
    },
    expected: [],
  },
  { name: 'every pod of the own namespace', change: o => { web(o).ingress.push({ from: [{ podSelector: {} }] }); }, expected: [] },
  { name: 'an ingress rule without peers', change: o => { web(o).ingress.push({}); }, expected: [`${P} spec.ingress[1]`] },
  { name: 'an empty from list', change: o => { web(o).ingress.push({ from: [], ports: [{ port: 8080 }] }); }, expected: [`${P} spec.ingress[1]`] },
  { name: 'an egress rule without peers', change: o => { web(o).egress.push({ ports: [{ port: 443 }] }); }, expected: [`${P} spec.egress[1]`] },
  {
    name: 'the internet, IPv4 and IPv6, with except entries',
    change: o => {
      web(o).ingress.push({ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }, { ipBlock: { cidr: '::/0' } }] });
    },
    expected: [`${P} spec.ingress[1].from[0].ipBlock.cidr`, `${P} spec.ingress[1].from[1].ipBlock.cidr`],
  },
  { name: 'the private 10/8 range', change: o => { web(o).egress.push({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }); }, expected: [`${P} spec.egress[1].to[0].ipBlock.cidr`] },
  {
    name: 'every IPv4 address written as IPv4-mapped IPv6',
    change: o => { web(o).egress.push({ to: [{ ipBlock: { cidr: '::ffff:0.0.0.0/96' } }] }); },
    expected: [`${P} spec.egress[1].to[0].ipBlock.cidr`],
  },
  {
    name: 'egress to the link-local range with the metadata address',
    change: o => { web(o).egress.push({ to: [{ ipBlock: { cidr: '169.254.0.0/16' } }] }); },
    expected: [`${P} spec.egress[1].to[0].ipBlock`],
  },
  {
    name: 'the link-local range with the metadata address excepted',
    change: o => { web(o).egress.push({ to: [{ ipBlock: { cidr: '169.254.0.0/16', except: ['169.254.169.254/32'] } }] }); },
    expected: [],
  },
  {
    name: 'every namespace (Namespaces.all())',
    change: o => { web(o).ingress.push({ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } }] }); },
    expected: [`${P} spec.ingress[1].from[0].namespaceSelector`],
  },
  {
    name: 'every namespace by Exists on the name label',
    change: o => {
      web(o).ingress.push({ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'Exists' }] } }] });
    },
    expected: [`${P} spec.ingress[1].from[0].namespaceSelector`],
  },
  {
    name: 'every namespace but one (NotIn)',
    change: o => {
      web(o).ingress.push({ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['x'] }] } }] });
    },
    expected: [`${P} spec.ingress[1].from[0].namespaceSelector`],
  },
  {
    name: 'allow-all rules on the namespace default-deny',
    change: o => {
      const spec = find(o, 'NetworkPolicy', 'default-deny-all').spec;
      spec.ingress = [{}];
      spec.egress = [{}];
    },
    expected: ['NetworkPolicy/default-deny-all spec.ingress[0]', 'NetworkPolicy/default-deny-all spec.egress[0]'],
  },
  {
    name: 'IPv4 with leading zeros (the API server of 1.28 reads 000.0.0.0/0 as 0.0.0.0/0)',
    change: o => { web(o).egress.push({ to: [{ ipBlock: { cidr: '000.0.0.0/0' } }, { ipBlock: { cidr: '010.0.0.0/8' } }] }); },
    expected: [`${P} spec.egress[1].to[0].ipBlock.cidr`, `${P} spec.egress[1].to[1].ipBlock.cidr`],
  },
  {
    name: 'a CIDR that cannot be judged',
    change: o => { web(o).egress.push({ to: [{ ipBlock: { cidr: '0x0.0.0.0/0' } }, { ipBlock: {} }] }); },
    expected: [`${P} spec.egress[1].to[0].ipBlock.cidr`, `${P} spec.egress[1].to[1].ipBlock.cidr`],
  },
  {
    name: 'IPv4 ranges written as IPv4-mapped IPv6 or NAT64, and the metadata address mapped',
    change: o => {
      web(o).egress.push({
        to: [{ ipBlock: { cidr: '::ffff:10.0.0.0/104' } }, { ipBlock: { cidr: '64:ff9b::/96' } }, { ipBlock: { cidr: '::ffff:169.254.169.254/128' } }],
      });
    },
    expected: [`${P} spec.egress[1].to[0].ipBlock.cidr`, `${P} spec.egress[1].to[1].ipBlock.cidr`, `${P} spec.egress[1].to[2].ipBlock`],
  },
  { name: 'a narrow IPv4-mapped block', change: o => { web(o).egress.push({ to: [{ ipBlock: { cidr: '::ffff:203.0.113.0/120' } }] }); }, expected: [] },
  { name: 'an empty peer', change: o => { web(o).ingress.push({ from: [{}] }); }, expected: [`${P} spec.ingress[1].from[0]`] },
]);

describeRule(RuleId.NS_DEFAULT_DENY, [
  {
    name: 'the namespace default-deny opened with an allow-all ingress rule',
    change: o => { find(o, 'NetworkPolicy', 'default-deny-all').spec.ingress = [{}]; },
    expected: ['Namespace/shop '],
  },
  {
    name: 'the namespace default-deny opened with an allow-all egress rule',
    change: o => { find(o, 'NetworkPolicy', 'default-deny-all').spec.egress = [{}]; },
    expected: ['Namespace/shop '],
  },
]);
