export * from './profile';
export * from './secure-namespace';
export * from './namespace-cluster-dns';
export * from './namespace-mesh-mtls';
