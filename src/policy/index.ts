export * from './security-policy';
export * from './cluster-dns';
