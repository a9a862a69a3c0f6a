import { dns1123LabelProblem, namespaceNameProblem, RESERVED_NAMESPACES } from '../../src/profile/namespace-name';

describe('dns1123LabelProblem', () => {
  test.each(['a', 'shop', 'team-a-shop', '0shop', 'a'.repeat(63)])('accepts %j', (name) => {
    expect(dns1123LabelProblem(name)).toBeUndefined();
  });

  test.each(['', 'Shop', 'shop_a', 'shop.a', '-shop', 'shop-', 'shöp', ' shop'])('rejects %j', (name) => {
    expect(dns1123LabelProblem(name)).toMatch(/^is not a DNS-1123 label/);
  });

  test('rejects more than 63 characters', () => {
    expect(dns1123LabelProblem('a'.repeat(64))).toEqual('is 64 characters long; a DNS-1123 label has at most 63');
  });
});

describe('namespaceNameProblem', () => {
  test('the reserved namespaces', () => {
    expect(RESERVED_NAMESPACES).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  test.each(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'kube-flannel'])('rejects the reserved %j', (name) => {
    expect(namespaceNameProblem(name)).toMatch(/^is reserved for Kubernetes itself/);
  });

  test.each(['shop', 'kubeflow', 'my-kube-apps', 'defaults'])('accepts %j', (name) => {
    expect(namespaceNameProblem(name)).toBeUndefined();
  });

  test('a malformed name is reported as malformed', () => {
    expect(namespaceNameProblem('Default')).toMatch(/^is not a DNS-1123 label/);
  });
});
